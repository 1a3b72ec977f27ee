// Types for the few jstat functions experiments/stats uses (jstat ships none): Student's t
// distribution's quantile and distribution function, the regularized incomplete beta function, and
// the standard normal's quantile.
declare module 'jstat' {
  interface JStat {
    studentt: {
      /** the p-quantile of Student's t with `dof` degrees of freedom */
      inv(p: number, dof: number): number;
      /** P(T ≤ x) for Student's t with `dof` degrees of freedom */
      cdf(x: number, dof: number): number;
    };
    /** the regularized incomplete beta function I_x(a, b) */
    ibeta(x: number, a: number, b: number): number;
    normal: {
      /** the p-quantile of the normal distribution with this mean and standard deviation */
      inv(p: number, mean: number, sd: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
