import { useEffect } from 'react';

/** Saves what is pending when the page is hidden or closed, and when the screen goes away. */
export function useFlushOnLeave(flush: () => unknown): void {
  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);
}
