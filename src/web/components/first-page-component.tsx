import { lazy, type ComponentType } from 'react';
import type { SeparateCode } from '../first-page';

/**
 * A component of the first page's code (first-page.ts), rendered at once when its code has already arrived — as the
 * boot script and the login page see to — and like React.lazy otherwise. React.lazy alone suspends on its first
 * render even then, and React holds a suspended page's reveal back by some 300 ms: twice on the way to the region
 * page (the frame, then the page), most of what sign-in took after its last answer.
 */
export function firstPageComponent<Module>(code: SeparateCode<Module>, pick: (module: Module) => ComponentType) {
  const Lazy = lazy(() => code().then((module) => ({ default: pick(module) })));
  return function FirstPageComponent() {
    const module = code.arrived();
    const Arrived = module ? pick(module) : Lazy;
    return <Arrived />;
  };
}
