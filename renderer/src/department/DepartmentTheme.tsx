import { useEffect, useState } from 'react';

// The view's theme: the OS's by default, or the one chosen here (kept in this browser only).

type Choice = 'system' | 'light' | 'dark';
const KEY = 'release-audit.department.theme';

function stored(): Choice {
  const value = window.localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function DepartmentTheme() {
  const [choice, setChoice] = useState<Choice>(stored);
  useEffect(() => {
    window.localStorage.setItem(KEY, choice);
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = choice === 'dark' || (choice === 'system' && media.matches) ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice]);
  return (
    <label className="theme-switch">
      <span>Theme</span>
      <select value={choice} onChange={(e) => setChoice(e.target.value as Choice)} aria-label="Colour theme">
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
