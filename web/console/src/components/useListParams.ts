import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export interface ParamChangeOptions {
  /** Keep the page number (a filter or sort change goes back to the first page otherwise). */
  keepPage?: boolean;
  /** Replace the history entry instead of adding one. */
  replace?: boolean;
}

/**
 * A list's filters, sort and page as they stand in the address, and a setter for some of them.
 * The setter starts from the address as it is at the moment of the call, not as it was when the
 * screen last drew: two fields changed one after the other (received from, then received to) both
 * stay, where the second would otherwise undo the first.
 */
export function useListParams(): [URLSearchParams, (changes: Record<string, string | null>, options?: ParamChangeOptions) => void] {
  const [params, setParams] = useSearchParams();
  const change = useCallback(
    (changes: Record<string, string | null>, { keepPage = false, replace = false }: ParamChangeOptions = {}) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!keepPage && !('page' in changes)) next.delete('page');
      setParams(next, { replace });
    },
    [setParams],
  );
  return [params, change];
}
