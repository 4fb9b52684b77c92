import { Link } from 'react-router';
import { useDocumentTitle } from './title';

export function NotFound() {
  useDocumentTitle('Not found');
  return (
    <div className="empty">
      <h1>Page not found</h1>
      <p>This address does not match any screen.</p>
      <Link to="/postings">Go to postings</Link>
    </div>
  );
}
