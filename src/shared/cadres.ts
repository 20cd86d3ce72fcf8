/** The evaluation's indicators (考核指标), in the order the county weighs them and the console lists them. */
export const evaluationIndicators = ['visitRate', 'accuracy', 'satisfaction', 'attendance', 'work'] as const;
export type EvaluationIndicator = (typeof evaluationIndicators)[number];
