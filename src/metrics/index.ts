/** The metric library: classification, ranking, probabilistic and regression scores, checked against scikit-learn. */
export { accuracy, f1, precision, recall, type Average, type Label } from "./classification.js";
export { rocAuc, rocAucOvr } from "./ranking.js";
export { binaryLogLoss, logLoss } from "./log-loss.js";
export { logRmse, mae, mape, r2, rmse, rmsle } from "./regression.js";
export { MetricError } from "./errors.js";
