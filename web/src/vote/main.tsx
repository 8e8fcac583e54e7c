import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<h1>电子投票</h1>);
