import { lazy, useEffect, useState, type ComponentType } from 'react';
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

/**
 * Code loaded apart, asked for once `isWanted`: the module once it has arrived, undefined until then. Unlike
 * React.lazy nothing suspends, so nothing waits for React's reveal of a suspended part (no sooner than 300 ms after
 * it suspended). A failed load goes to the error boundary, as React.lazy's would.
 */
export function useArrivedCode<Module>(code: SeparateCode<Module>, isWanted: boolean): Module | undefined {
  const [module, setModule] = useState(code.arrived);
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    if (isWanted && !module) code().then((arrived) => setModule(() => arrived), setFailure);
  }, [code, isWanted, module]);
  if (failure !== undefined) throw failure;
  return module;
}
