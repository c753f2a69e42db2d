import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bootApp } from './app/boot';
import { NoTokenPage } from './app/NoTokenPage';
import './app/styles.css';

const services = bootApp();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(<StrictMode>{services ? <App services={services} /> : <NoTokenPage />}</StrictMode>);
