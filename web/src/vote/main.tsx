import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Ballot } from './Ballot';
import './vote.css';

// The code comes from the slip's QR code (?code=…); it leaves the address bar (and the
// browser's history) at once, so the next person on this phone does not find it.
const params = new URLSearchParams(window.location.search);
const code = params.get('code') ?? '';
if (params.has('code')) window.history.replaceState(null, '', window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Ballot initialCode={code} />
  </StrictMode>,
);
