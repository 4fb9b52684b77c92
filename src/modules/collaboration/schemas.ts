// Request and response schemas of notes and scorecards (/api/v1/org/applications/:id/…).
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../../http/nullable.ts';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });

export const RECOMMENDATIONS = ['strong_no', 'no', 'yes', 'strong_yes'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
const Recommendation = Type.Union(
  RECOMMENDATIONS.map((r) => Type.Literal(r)),
  { description: 'The interviewer’s overall recommendation' },
);

const Author = Type.Object({
  id: Nullable(Uuid),
  label: Type.String({ description: 'The author’s name, or their email address when they set none' }),
});

export const Note = Type.Object({
  id: Uuid,
  author: Author,
  body: Type.String(),
  mentions: Type.Array(Type.Object({ userId: Uuid, email: Type.String() }), {
    description: 'Members of the organization the note mentions',
  }),
  createdAt: Timestamp,
});
export type Note = Static<typeof Note>;
export const NoteList = Type.Object({ items: Type.Array(Note) });

export const NoteBody = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: 5000,
      description:
        'Plain text. Mention a member as `@[Display Name](user:<uuid>)` or as `@` followed by their email address (`@ada@example.com`); anything else stays plain text.',
    }),
  },
  { additionalProperties: false },
);
export type NoteBody = Static<typeof NoteBody>;

const RATING_SCALE = '1 = strong no, 2 = no, 3 = yes, 4 = strong yes';

export const Criterion = Type.Object({
  id: Type.String({ description: '`q1`, `q2`, …: the posting’s qualifications in order' }),
  label: Type.String(),
  preferred: Type.Boolean({ description: 'A preferred (not required) qualification' }),
});
export const CriteriaList = Type.Object({
  items: Type.Array(Criterion, { description: `At most 20; each is rated ${RATING_SCALE}` }),
});

const Rating = Type.Integer({ minimum: 1, maximum: 4, description: RATING_SCALE });

export const ScorecardBody = Type.Object(
  {
    interview: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Technical interview"' }),
    ratings: Type.Array(
      Type.Object(
        { criterion: Type.String({ minLength: 1, maxLength: 10 }), rating: Rating },
        {
          additionalProperties: false,
        },
      ),
      { maxItems: 20, description: 'Each criterion at most once; unrated criteria may be left out' },
    ),
    recommendation: Recommendation,
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type ScorecardBody = Static<typeof ScorecardBody>;

export const Scorecard = Type.Object({
  id: Uuid,
  author: Author,
  interview: Type.String(),
  ratings: Type.Array(
    Type.Object({
      criterion: Type.String(),
      label: Type.String({ description: 'The criterion as it read when the scorecard was submitted' }),
      rating: Rating,
    }),
  ),
  recommendation: Recommendation,
  notes: Type.String(),
  submittedAt: Timestamp,
});
export type Scorecard = Static<typeof Scorecard>;

export const ScorecardSummary = Type.Object({
  count: Type.Integer(),
  recommendations: Type.Object({
    strong_no: Type.Integer(),
    no: Type.Integer(),
    yes: Type.Integer(),
    strong_yes: Type.Integer(),
  }),
  averageRating: Nullable(
    Type.Number({ description: `Mean of every rating given (${RATING_SCALE}), two decimals` }),
  ),
});
export type ScorecardSummary = Static<typeof ScorecardSummary>;

export const ScorecardList = Type.Object({
  items: Type.Array(Scorecard),
  summary: Type.Union([ScorecardSummary, Type.Null()], { description: 'Null while `hidden`' }),
  hidden: Type.Boolean({
    description: 'Other people’s scorecards are withheld until you submit your own for this application',
  }),
});
export type ScorecardList = Static<typeof ScorecardList>;
