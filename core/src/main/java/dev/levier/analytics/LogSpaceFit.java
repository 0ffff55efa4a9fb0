package dev.levier.analytics;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over positive parameters, by Nelder-Mead on their logarithms.
 *
 * <p>The logarithm keeps every parameter positive without bounds, and puts a shape of 0.2 and a
 * scale of 400 on the same footing, so one simplex size suits both. Nelder-Mead needs no gradient,
 * which keeps the likelihoods as plain formulas; its known weakness, stopping on a collapsed
 * simplex short of the optimum, is handled the usual way: it is restarted from its own answer until
 * a restart no longer moves the parameters or the likelihood. A parameter whose logarithm runs past
 * {@value #LOG_LIMIT} (a factor of about 10^13) means the likelihood keeps rising towards zero or
 * infinity: the data do not identify the model, and the fit is refused.
 */
final class LogSpaceFit {

  /** Beyond this, in absolute value, a log-parameter is taken to be running off. */
  static final double LOG_LIMIT = 30;

  private static final int MAX_ROUNDS = 25;
  private static final int MAX_EVALUATIONS_PER_ROUND = 20_000;

  /** A restart that moves no log-parameter more than this (0.001%) has settled... */
  private static final double PARAMETER_TOLERANCE = 1e-5;

  /** ... provided that it also improves the log-likelihood by less than this. */
  private static final double LIKELIHOOD_TOLERANCE = 1e-8;

  private LogSpaceFit() {}

  /**
   * The parameters that maximise {@code logLikelihood}, starting from {@code start}.
   *
   * @param model the model's name, for messages
   * @param names the parameters' names, for messages
   * @param logLikelihood of the positive parameters; may return a non-finite value where the
   *     likelihood is not defined
   * @throws ModelFitException if the likelihood is not finite at the start, a parameter runs to
   *     zero or infinity, or the optimiser does not settle
   */
  static double[] maximise(
      String model, List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood) {
    int n = start.length;
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      theta[i] = Math.log(start[i]);
    }
    ToDoubleFunction<double[]> cost =
        point -> {
          double[] parameters = new double[n];
          for (int i = 0; i < n; i++) {
            parameters[i] = Math.exp(point[i]);
          }
          double value = logLikelihood.applyAsDouble(parameters);
          // Outside the likelihood's domain, or where it underflows, the optimiser must only see
          // a point worse than any other.
          return Double.isNaN(value) ? Double.POSITIVE_INFINITY : -value;
        };
    double value = cost.applyAsDouble(theta);
    if (!Double.isFinite(value)) {
      throw new ModelFitException(
          model + ": the log-likelihood is not finite at the starting point; check the data");
    }
    SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-14, 1e-12));
    for (int round = 0; round < MAX_ROUNDS; round++) {
      PointValuePair best;
      try {
        best =
            optimizer.optimize(
                new MaxEval(MAX_EVALUATIONS_PER_ROUND),
                new ObjectiveFunction(cost::applyAsDouble),
                GoalType.MINIMIZE,
                new InitialGuess(theta),
                new NelderMeadSimplex(n, 0.5));
      } catch (TooManyEvaluationsException e) {
        throw new ModelFitException(
            model
                + ": the optimiser did not converge in "
                + MAX_EVALUATIONS_PER_ROUND
                + " evaluations; the likelihood may be flat in some direction");
      }
      double[] next = best.getPoint();
      for (int i = 0; i < n; i++) {
        if (Math.abs(next[i]) > LOG_LIMIT) {
          throw new ModelFitException(
              model
                  + ": "
                  + names.get(i)
                  + " runs to "
                  + (next[i] > 0 ? "infinity" : "zero")
                  + "; the data do not determine the model (too few customers, or too little"
                  + " variation between them)");
        }
      }
      double moved = 0;
      for (int i = 0; i < n; i++) {
        moved = Math.max(moved, Math.abs(next[i] - theta[i]));
      }
      double improved = value - best.getValue();
      theta = next;
      value = best.getValue();
      if (round > 0 && moved <= PARAMETER_TOLERANCE && improved <= LIKELIHOOD_TOLERANCE) {
        double[] parameters = new double[n];
        for (int i = 0; i < n; i++) {
          parameters[i] = Math.exp(theta[i]);
        }
        return parameters;
      }
    }
    throw new ModelFitException(
        model + ": the optimiser did not settle after " + MAX_ROUNDS + " restarts");
  }
}
