// The live quality analysis of the document being edited: debounced (~400 ms after the last
// keystroke), earlier requests cancelled, and each result kept with the very document it
// analyzed, so the findings' spans always index into the text they were found in.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { analyzeDocument, templateKeys } from './api';
import type { Analysis, AnalysisDocument } from './types';

export const DEBOUNCE_MS = 400;

export interface LiveAnalysis {
  result: { document: AnalysisDocument; analysis: Analysis } | undefined;
  /** The text changed since the shown result, or a request is on its way. */
  updating: boolean;
  error: unknown;
}

export function useLiveAnalysis(document: AnalysisDocument | null): LiveAnalysis {
  const json = document ? JSON.stringify(document) : '';
  const [settled, setSettled] = useState(json);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(json), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [json]);
  const query = useQuery({
    queryKey: templateKeys.live(settled),
    queryFn: async ({ signal }) => {
      const doc = JSON.parse(settled) as AnalysisDocument;
      return { document: doc, analysis: await analyzeDocument(doc, signal) };
    },
    enabled: settled !== '',
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  return { result: query.data, updating: json !== settled || query.isFetching, error: query.error };
}
