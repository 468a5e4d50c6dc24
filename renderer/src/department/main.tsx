import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DepartmentApp } from './DepartmentApp';
import '../styles.css';
import './department.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <DepartmentApp />
  </StrictMode>,
);
