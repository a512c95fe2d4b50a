import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export const SessionContext = createContext<Me | undefined>(undefined);

/** The signed-in user; only used under the signed-in shell. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside the signed-in shell');
  return me;
}

/** Whether the signed-in user holds a permission (admins hold every one): actions it lacks are not shown at all. */
export function useCan(): (permission: string) => boolean {
  const me = useSession();
  return (permission) => me.permissions.includes('admin:*') || me.permissions.includes(permission);
}
