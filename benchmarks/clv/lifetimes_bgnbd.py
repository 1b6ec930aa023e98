#!/usr/bin/env python3
"""The peer of Klarsyn's CLV benchmark: the Python `lifetimes` library's BG/NBD fit, on the customers of a file.

    python3 benchmarks/clv/lifetimes_bgnbd.py CUSTOMERS.csv [runs]

CUSTOMERS.csv has a header line and one line per customer: x,t_x,T (repeat purchase occasions, weeks from the
first to the last purchase, weeks from the first purchase to the end of the period), exactly as Klarsyn's
calculator builds them; `io.klarsyn.bench.ClvBenchmark --export FILE` writes it (benchmarks/clv/run.sh does all).
Prints one line per run: `lifetimes BetaGeoFitter.fit: <ms> ms r=... alpha=... a=... b=... nll=... nit=...`.

What runs is lifetimes' own code (CamDavidsonPilon/lifetimes, master: lifetimes/fitters/beta_geo_fitter.py
BetaGeoFitter.fit and _negative_log_likelihood, lifetimes/fitters/__init__.py BaseFitter._fit and the variance
matrix, lifetimes/utils.py _scale_time and _check_inputs), copied as is with two replacements, because neither
lifetimes nor autograd can be installed on this machine:
  * autograd.value_and_grad(nll) -> the same negative log-likelihood and its analytic gradient in numpy/scipy
    (the derivatives of A_1..A_4 below; checked against central differences by --check). Autograd's reverse mode
    records and replays every numpy operation, so the real library costs at least this much per evaluation:
    this peer is if anything faster than lifetimes.
  * autograd.hessian(nll) at the optimum (for the standard errors) -> central differences of that analytic
    gradient (8 gradient evaluations).
  * pandas Series/DataFrames for params_ and data -> numpy arrays (pandas is not installed); none of these is in
    the hot path.
The optimiser is unchanged: scipy.optimize.minimize(method=None -> BFGS, jac=True, tol=1e-7, x0=0.1 everywhere),
on log parameters, times scaled so that the largest T is 1, weights = 1 per customer (lifetimes' default: no
condensing into patterns).
"""
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, digamma


def _scale_time(age):
    """lifetimes.utils._scale_time: a scalar such that the maximum age is 1."""
    return 1. / age.max()


def _check_inputs(frequency, recency=None, T=None, monetary_value=None):
    """lifetimes.utils._check_inputs."""
    if recency is not None:
        if T is not None and np.any(recency > T):
            raise ValueError("Some values in recency vector are larger than T vector.")
        if np.any(recency[frequency == 0] != 0):
            raise ValueError("There exist non-zero recency values when frequency is zero.")
        if np.any(recency < 0):
            raise ValueError("There exist negative recency (ex: last order set before first order)")
        if any(len(x) == 0 for x in [recency, frequency, T]):
            raise ValueError("There exists a zero length vector in one of frequency, recency or T.")
    if np.sum((frequency - frequency.astype(int)) ** 2) != 0:
        raise ValueError("There exist non-integer values in the frequency vector.")


def _negative_log_likelihood(log_params, freq, rec, T, weights, penalizer_coef):
    """BetaGeoFitter._negative_log_likelihood, unchanged."""
    params = np.exp(log_params)
    r, alpha, a, b = params

    A_1 = gammaln(r + freq) - gammaln(r) + r * np.log(alpha)
    A_2 = gammaln(a + b) + gammaln(b + freq) - gammaln(b) - gammaln(a + b + freq)
    A_3 = -(r + freq) * np.log(alpha + T)
    A_4 = np.log(a) - np.log(b + np.maximum(freq, 1) - 1) - (r + freq) * np.log(rec + alpha)

    penalizer_term = penalizer_coef * sum(params ** 2)
    ll = weights * (A_1 + A_2 + np.log(np.exp(A_3) + np.exp(A_4) * (freq > 0)))

    return -ll.sum() / weights.sum() + penalizer_term


def _value_and_grad(log_params, freq, rec, T, weights, penalizer_coef):
    """What autograd.value_and_grad(_negative_log_likelihood) returns: the same value and its exact gradient."""
    params = np.exp(log_params)
    r, alpha, a, b = params

    A_1 = gammaln(r + freq) - gammaln(r) + r * np.log(alpha)
    A_2 = gammaln(a + b) + gammaln(b + freq) - gammaln(b) - gammaln(a + b + freq)
    log_aT = np.log(alpha + T)
    log_at = np.log(rec + alpha)
    bx = b + np.maximum(freq, 1) - 1
    A_3 = -(r + freq) * log_aT
    A_4 = np.log(a) - np.log(bx) - (r + freq) * log_at
    e3 = np.exp(A_3)
    e4 = np.exp(A_4) * (freq > 0)
    D = e3 + e4
    ll = weights * (A_1 + A_2 + np.log(D))
    W = weights.sum()
    value = -ll.sum() / W + penalizer_coef * sum(params ** 2)

    w3 = e3 / D
    w4 = e4 / D
    rx = r + freq
    psi_abx = digamma(a + b + freq)
    psi_ab = digamma(a + b)
    d_r = digamma(r + freq) - digamma(r) + np.log(alpha) - w3 * log_aT - w4 * log_at
    d_alpha = r / alpha - w3 * rx / (alpha + T) - w4 * rx / (rec + alpha)
    d_a = psi_ab - psi_abx + w4 / a
    d_b = psi_ab + digamma(b + freq) - digamma(b) - psi_abx - w4 / bx
    grad = -np.array([(weights * d_r).sum(), (weights * d_alpha).sum(),
                      (weights * d_a).sum(), (weights * d_b).sum()]) / W * params
    grad += 2 * penalizer_coef * params ** 2
    return value, grad


def _hessian(log_params, args, h=1e-5):
    """Stands in for autograd.hessian: central differences of the exact gradient, symmetrised."""
    n = len(log_params)
    H = np.empty((n, n))
    for k in range(n):
        e = np.zeros(n)
        e[k] = h
        H[:, k] = (_value_and_grad(log_params + e, *args)[1] - _value_and_grad(log_params - e, *args)[1]) / (2 * h)
    return (H + H.T) / 2


class ConvergenceError(ValueError):
    pass


class BetaGeoFitter:
    """lifetimes.BetaGeoFitter.fit with BaseFitter._fit, as in the library (see the module's docstring)."""

    def __init__(self, penalizer_coef=0.0):
        self.penalizer_coef = penalizer_coef

    def fit(self, frequency, recency, T, weights=None, initial_params=None, verbose=False, tol=1e-7, **kwargs):
        frequency = np.asarray(frequency).astype(int)
        recency = np.asarray(recency)
        T = np.asarray(T)
        _check_inputs(frequency, recency, T)
        if weights is None:
            weights = np.ones_like(recency, dtype=int)
        else:
            weights = np.asarray(weights)
        self._scale = _scale_time(T)
        scaled_recency = recency * self._scale
        scaled_T = T * self._scale
        log_params_, self._negative_log_likelihood_, self._hessian_ = self._fit(
            (frequency, scaled_recency, scaled_T, weights, self.penalizer_coef), initial_params, 4, verbose, tol,
            **kwargs)
        self.params_ = np.exp(log_params_)
        self.params_[1] /= self._scale
        self.weights = weights
        self.variance_matrix_ = (self.params_ ** 2) * np.linalg.inv(self._hessian_) / weights.sum()
        self.standard_errors_ = np.sqrt(np.diag(self.variance_matrix_))
        return self

    def _fit(self, minimizing_function_args, initial_params, params_size, disp, tol=1e-7, bounds=None, **kwargs):
        minimize_options = {"disp": disp}
        minimize_options.update(kwargs)
        self.solution_iter = []
        current_init_params = 0.1 * np.ones(params_size) if initial_params is None else initial_params
        output = minimize(_value_and_grad, jac=True, method=None, tol=tol, x0=current_init_params,
                          args=minimizing_function_args, options=minimize_options, bounds=bounds,
                          callback=lambda xk: self.solution_iter.append(xk.tolist()))
        if output.success:
            hessian_ = _hessian(output.x, minimizing_function_args)
            self.nit = output.nit
            self.nfev = output.nfev
            return output.x, output.fun, hessian_
        raise ConvergenceError("The model did not converge. " + str(output.message))


def check_gradient(x, tx, T):
    args = (x, tx * (1 / T.max()), T * (1 / T.max()), np.ones_like(tx), 0.0)
    p = np.log(np.array([0.3, 0.2, 0.8, 3.0]))
    g = _value_and_grad(p, *args)[1]
    num = np.array([(_negative_log_likelihood(p + e, *args) - _negative_log_likelihood(p - e, *args)) / 2e-6
                    for e in np.eye(4) * 1e-6])
    print("gradient", g, "central differences", num, "max rel diff", np.max(np.abs(g - num) / np.abs(num)))


def ll_weeks(f, x, tx, T):
    """The maximised log-likelihood in the data's own time unit (weeks), comparable with Klarsyn's."""
    # the likelihood in scaled time differs by the Jacobian of the scaling: sum(x) * log(scale)
    return -f._negative_log_likelihood_ * len(x) + x.sum() * np.log(f._scale)


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--check" else 3
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, tx, T = data[:, 0], data[:, 1], data[:, 2]
    print(f"{len(x)} customers from {path}; numpy {np.__version__}")
    if "--check" in sys.argv:
        check_gradient(x, tx, T)
    for run in range(runs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        f = BetaGeoFitter().fit(x, tx, T)
        ms = (time.perf_counter() - t0) * 1e3
        cpu = (time.process_time() - c0) * 1e3
        r, alpha, a, b = f.params_
        print(f"lifetimes BetaGeoFitter.fit: {ms:.0f} ms (CPU {cpu:.0f} ms) r={r:.6f} alpha={alpha:.6f} a={a:.6f} b={b:.6f} "
              f"se={np.array2string(f.standard_errors_, precision=5)} "
              f"ll={ll_weeks(f, x, tx, T):.4f} nit={f.nit} nfev={f.nfev}", flush=True)


if __name__ == "__main__":
    main()
