import { type Ctx, orgIdOf } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';

/** The acting organization's id. Routes with an org permission have checked it exists already. */
export function requireOrg(ctx: Ctx): string {
  const orgId = orgIdOf(ctx.actor);
  if (!orgId) throw new AppError(403, 'no_organization', 'Choose an organization first.');
  return orgId;
}
