import { Link } from '@tanstack/react-router';
import { EmptyState } from './ui';

export function NotFound() {
  return (
    <EmptyState title="This page does not exist" action={<Link to="/" className="btn">Go to the overview</Link>}>
      The link may be out of date. Everything in Sluice is reachable from the navigation.
    </EmptyState>
  );
}
