import { validateRows, type RowOutcome, type ValidateJob } from './validate-rows.js';

/** The worker-thread entry of the validation pool (piscina calls the default export with each task). */
export default function validateInWorker(job: ValidateJob): RowOutcome[] {
  return validateRows(job);
}
