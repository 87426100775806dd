namespace Charta.Core.Valuation;

/// <summary>One class in the Monte Carlo cross-check: the simulated present value, its standard error, and the closed-form OPM.</summary>
public sealed record MonteCarloClass(string Id, double Mean, double StandardError, double Opm)
{
    /// <summary>(Mean − OPM) / standard error.</summary>
    public double ZScore => StandardError == 0 ? (Mean == Opm ? 0 : double.PositiveInfinity) : (Mean - Opm) / StandardError;
}

public sealed record MonteCarloResult(long Paths, int Seed, int Threads, IReadOnlyList<MonteCarloClass> Classes, double EquityMean, double EquityStandardError);

/// <summary>
/// The Monte Carlo cross-check of the OPM: the terminal equity is lognormal, X_T = X₀·exp((r − σ²/2)T + σ√T·Z), each
/// draw is paid through the waterfall (the exact payout curve, linear between breakpoints) and discounted at e^(−rT).
/// The paths are cut into fixed chunks, each with its own generator seeded from the seed and the chunk number, and the
/// chunk sums are added in chunk order: the result depends on the seed only, not on the threads' timing.
/// </summary>
public static class MonteCarlo
{
    public const int ChunkSize = 1 << 15;

    /// <param name="progress">Called with the number of paths done so far (from worker threads), for a progress bar.</param>
    public static Result<MonteCarloResult> Run(OpmTable table, OpmAssumptions a, long paths, int seed, int threads = 2, Action<long>? progress = null)
    {
        if (a.Check() is { } bad) return bad;
        if (table.CheckAllocatable(a.Equity) is { } none) return none;
        if (paths < 2 || paths > 1_000_000_000) return new Refusal("paths", paths.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 2 and 1,000,000,000");
        if (threads < 1) return new Refusal("threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1");
        var opm = Opm.ValueUnchecked(table, a);
        var k = table.ClassCount;
        var chunks = (int)((paths + ChunkSize - 1) / ChunkSize);
        var sums = new double[chunks * (k + 1)];
        var squares = new double[chunks * (k + 1)];
        double s0 = a.S, t = a.T, r = a.R, sigma = a.Sigma;
        var drift = (r - 0.5 * sigma * sigma) * t;
        var vol = sigma * Math.Sqrt(t);
        long done = 0;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            var rng = new Random(unchecked(seed * 1_000_003 + chunk));
            var count = (int)Math.Min(ChunkSize, paths - (long)chunk * ChunkSize);
            var sum = new double[k + 1];
            var sq = new double[k + 1];
            var row = new double[k];
            double spare = 0;
            var haveSpare = false;
            for (var j = 0; j < count; j++)
            {
                double z;
                if (haveSpare)
                {
                    z = spare;
                    haveSpare = false;
                }
                else
                {
                    // Box–Muller: two independent normals from two uniforms on (0, 1].
                    var u1 = 1.0 - rng.NextDouble();
                    var u2 = rng.NextDouble();
                    var radius = Math.Sqrt(-2.0 * Math.Log(u1));
                    var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
                    z = radius * cos;
                    spare = radius * sin;
                    haveSpare = true;
                }

                var x = s0 * Math.Exp(drift + vol * z);
                table.PayoutAt(x, row);
                for (var c = 0; c < k; c++)
                {
                    sum[c] += row[c];
                    sq[c] += row[c] * row[c];
                }

                sum[k] += x;
                sq[k] += x * x;
            }

            Array.Copy(sum, 0, sums, chunk * (k + 1), k + 1);
            Array.Copy(sq, 0, squares, chunk * (k + 1), k + 1);
            progress?.Invoke(Interlocked.Add(ref done, count));
        });

        var df = Math.Exp(-r * t);
        var totals = new double[k + 1];
        var totalSquares = new double[k + 1];
        for (var chunk = 0; chunk < chunks; chunk++)
        for (var c = 0; c <= k; c++)
        {
            totals[c] += sums[chunk * (k + 1) + c];
            totalSquares[c] += squares[chunk * (k + 1) + c];
        }

        (double Mean, double Se) Stats(int c)
        {
            var mean = totals[c] / paths;
            var variance = Math.Max(0.0, (totalSquares[c] - paths * mean * mean) / (paths - 1));
            return (df * mean, df * Math.Sqrt(variance / paths));
        }

        var classes = new MonteCarloClass[k];
        for (var c = 0; c < k; c++)
        {
            var (mean, se) = Stats(c);
            classes[c] = new MonteCarloClass(table.ClassIds[c], mean, se, opm.CurveClassValue[c]);
        }

        var (em, ese) = Stats(k);
        return new MonteCarloResult(paths, seed, threads, classes, em, ese);
    }
}
