import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Loading } from '../../components/ui';

/** Screens a pack needs beyond its settings and dashboards, by pack id (each loaded only when its pack is opened). */
const PACK_ADMIN: Record<string, LazyExoticComponent<ComponentType>> = {
  'dgi-dealers': lazy(() => import('./dgi-dealers-admin').then((m) => ({ default: m.DgiDealersAdmin }))),
  'msp-dashboards': lazy(() => import('./msp-change-log').then((m) => ({ default: m.MspChangeLog }))),
};

export function PackAdmin({ pack }: { pack: string }) {
  const Screen = PACK_ADMIN[pack];
  if (!Screen) return null;
  return (
    <Suspense fallback={<Loading />}>
      <Screen />
    </Suspense>
  );
}
