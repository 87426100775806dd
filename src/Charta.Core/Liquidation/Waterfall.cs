using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Liquidation;

/// <summary>
/// A class's part of a waterfall. <see cref="Decision"/> is "preference", "convert" or "common".
/// <see cref="AsConvertedShares"/> is the whole common on conversion (rounded down per position);
/// <see cref="ExactAsConverted"/> is the exact common equivalent the class is paid on, fractions included (§6(g)(i)).
/// </summary>
public sealed record ClassPayout(string Id, string Decision, long Shares, long AsConvertedShares, decimal Exact, decimal Total, string Clause,
    decimal ExactAsConverted = 0m)
{
    /// <summary>The exact amount per share held (before rounding to cents).</summary>
    public decimal PerShare => Shares == 0 ? 0m : Exact / Shares;
}

/// <summary>An option or warrant's part: the spread when in the money (exercised, strike added to the proceeds), else nothing.</summary>
public sealed record OptionPayout(string GrantId, string Holder, long Shares, decimal Strike, bool Exercised, decimal Exact, decimal Total);

public sealed record HolderPayout(string Holder, decimal Total);

/// <summary>
/// FOURTH §6(g)(i) in a liquidation: one holder's converting preferred, aggregated over the series it converts, is
/// <see cref="ExactCommon"/> common: <see cref="WholeShares"/> whole shares and the <see cref="Fraction"/> paid in cash
/// at the same price per common share, out of the same proceeds. <see cref="Cash"/> is the fraction's value to the
/// nearest cent (for display; the holder's total is what is paid, to the cent).
/// </summary>
public sealed record FractionPayout(string Holder, decimal ExactCommon, long WholeShares, decimal Fraction, decimal PricePerShare, decimal Cash, string Clause);

/// <summary>One step of the chain from the exit to the figures, with its clause (for --explain).</summary>
public sealed record ExplainStep(string Step, decimal Amount, string Clause);

/// <summary>
/// A FOURTH §4 distribution of <see cref="Exit"/>: per class, per option and per holder in whole cents, adding up to
/// the exit exactly; <see cref="CommonPricePerShare"/> is the exact amount per common share.
/// </summary>
public sealed record WaterfallResult(
    string Company,
    DateOnly? AsOf,
    decimal Exit,
    decimal CommonPricePerShare,
    IReadOnlyList<ClassPayout> Classes,
    IReadOnlyList<OptionPayout> Options,
    IReadOnlyList<HolderPayout> Holders,
    IReadOnlyList<ExplainStep> Steps)
{
    /// <summary>Per holder with converting preferred and a fractional share, the §6(g)(i) cash (empty if none).</summary>
    public IReadOnlyList<FractionPayout> Fractions { get; init; } = [];
}

/// <summary>FOURTH §4(a)-(c) with the holders' conversion choices of §6(a).</summary>
public static partial class Waterfall
{

    /// <summary>Refuses an exit that is negative or not in whole cents.</summary>
    public static Refusal? CheckExit(decimal exit, string field = "exit", string? clause = null)
    {
        if (exit < 0) return new Refusal(field, exit.ToString(System.Globalization.CultureInfo.InvariantCulture), "must not be negative", clause is null ? null : Clause.Of(clause));
        if (decimal.Round(exit, 2, MidpointRounding.ToZero) != exit)
            return new Refusal(field, exit.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in whole cents: money is distributed to the cent", clause is null ? null : Clause.Of(clause));
        return null;
    }

    /// <summary>
    /// The conversion equilibrium (FOURTH §6(a)(i)): which series convert at <paramref name="exit"/>.
    /// A non-participating series is strictly better off converting exactly when the common price P exceeds its
    /// preference per as-converted share (a capped series: its cap per as-converted share). Converting a series whose
    /// threshold t is below P lowers P but keeps it above t, so the series convert in ascending order of t (cheapest
    /// preference first) while the next threshold is below the current P. No 2^n search: at most n+1 allocations.
    /// The result is an equilibrium: no series is strictly better off switching (property-tested). On a tie a series
    /// keeps its preference.
    /// </summary>
    public static Allocation Equilibrium(LiquidationModel m, decimal exit)
    {
        var candidates = m.Series.Where(s => s.ConversionThreshold is not null)
            .OrderBy(s => s.ConversionThreshold!.Value).ThenBy(s => s.Index).ToArray();
        var converted = new bool[m.Series.Count];
        var next = 0;
        while (true)
        {
            var a = Allocator.Allocate(m, exit, converted);
            if (next >= candidates.Length) return a;
            var t = candidates[next].ConversionThreshold!.Value;
            if (a.CommonPrice is { } p && t >= p) return a;
            converted = (bool[])converted.Clone();
            converted[candidates[next++].Index] = true;
        }
    }

    /// <summary>The exact allocation for given conversion choices (for tests of the equilibrium and for what-ifs).</summary>
    public static Allocation Allocate(LiquidationModel m, decimal exit, IReadOnlyList<bool> converted) =>
        Allocator.Allocate(m, exit, converted.ToArray());

    /// <summary>Solves the waterfall at <paramref name="exit"/> and distributes it to the holders to the cent.</summary>
    public static Result<WaterfallResult> Solve(LiquidationModel m, decimal exit)
    {
        if (CheckExit(exit, "exit", m.Clauses.Preference) is { } bad) return bad;
        var a = Equilibrium(m, exit);
        if (a.CommonPrice is null)
            return new Refusal("exit", exit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "exceeds every preference and no class can receive the remainder (no common, no convertible or participating shares)", Clause.Of(m.Clauses.Residual));
        return Distribute(m, a);
    }

    /// <summary>Rounds an exact allocation to cents per (holder, class) and adds up classes, options and holders.</summary>
    public static WaterfallResult Distribute(LiquidationModel m, Allocation a) => Distribute(m, a, Split.Auto);

    /// <summary>
    /// How <see cref="Distribute(LiquidationModel, Allocation, Split)"/> finds each cell's cents; all three give the same
    /// cents (property-tested). <see cref="Grouped"/>: one exact amount per group of holdings paid on the same terms
    /// (<see cref="CellGroups"/>), split in integers; <see cref="PerCell"/>: one per holding, split in integers
    /// (<see cref="Distribution.LargestRemainder"/>); <see cref="Decimal"/>: one per holding, split in decimal
    /// (<see cref="Distribution.LargestRemainderDecimal"/>, the reference, kept for the tests and the benchmarks'
    /// baseline). <see cref="Auto"/>: grouped when the holdings fall in at most half as many groups, else per holding
    /// (with every holding its own group the weighted selection costs more than the plain one: 600 µs against 410 µs on
    /// 10,000 distinct holdings, docs/performance.md, session 21).
    /// </summary>
    internal enum Split { Auto, Grouped, PerCell, Decimal }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static WaterfallResult Distribute(LiquidationModel m, Allocation a, Split split)
    {
        var p = a.CommonPrice ?? 0m;
        var holdingsCount = m.Holdings.Count;
        // Per class, cents per share held (preferred) or per as-converted share (converted): one division per class.
        // A converted series: cents per exact as-converted share (whole shares and the §6(g)(i) fraction alike), plus
        // its owed dividends per share held.
        var perShareCents = new decimal[1 + m.Series.Count];
        var owedPerShareCents = new decimal[1 + m.Series.Count];
        // Common: the price per share, plus its catch-ups spread over the common outstanding (converted shares take p only).
        perShareCents[0] = p * 100m + (a.CommonCatchUp > 0 && m.CommonShares > 0 ? a.CommonCatchUp * 100m / m.CommonShares : 0m);
        foreach (var s in m.Series)
        {
            perShareCents[1 + s.Index] = a.Converted[s.Index] ? p * 100m : s.Shares == 0 ? 0m : a.SeriesPay[s.Index] * 100m / s.Shares;
            if (a.Converted[s.Index] && s.Shares > 0 && s.DividendsOwedOnConversion > 0)
                owedPerShareCents[1 + s.Index] = (a.SeriesPay[s.Index] - s.CommonEquivalent * p) * 100m / s.Shares;
        }

        var asConverted = new bool[1 + m.Series.Count];
        for (var k = 1; k < asConverted.Length; k++) asConverted[k] = a.Converted[k - 1];
        var terms = new CellTerms(m, a, perShareCents, owedPerShareCents, asConverted);
        var fractions = Fractions(m, a, asConverted, p);

        // Per cell (holdings, then options): its cents.
        if (split == Split.Auto) split = 2 * m.Groups.Count <= holdingsCount ? Split.Grouped : Split.PerCell;
        var cents = (split == Split.Grouped ? GroupedCents(terms, Rounding.WholeCentsDown(a.Exit)) : null)
                    ?? CellCents(terms, Rounding.WholeCentsDown(a.Exit), split == Split.Decimal);
        var holdingClass = m.HoldingClassIndex;
        var classCents = new long[1 + m.Series.Count];
        var optionCents = new long[m.Options.Count];
        var holderCents = new long[m.Payees.Count];
        var holdingPayee = m.HoldingPayee;
        for (var i = 0; i < holdingsCount; i++)
        {
            classCents[holdingClass[i]] += cents[i];
            holderCents[holdingPayee[i]] += cents[i];
        }

        for (var j = 0; j < optionCents.Length; j++)
        {
            optionCents[j] += cents[holdingsCount + j];
            holderCents[m.OptionPayee[j]] += cents[holdingsCount + j];
        }

        var classes = new List<ClassPayout>();
        if (m.CommonClasses.Count == 1)
            classes.Add(new(m.CommonId, "common", m.CommonShares, m.CommonShares, a.CommonPay, Distribution.FromCents(classCents[0]), m.Clauses.Residual, m.CommonShares));
        else
        {
            // Several classes of common, one residual class: each class's row is its holders' cents (they add up to the
            // residual's) and its shares at the same price per share.
            var byClass = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < holdingsCount; i++)
                if (holdingClass[i] == 0) byClass[m.Holdings[i].ClassId] = byClass.GetValueOrDefault(m.Holdings[i].ClassId) + cents[i];
            foreach (var k in m.CommonClasses)
                classes.Add(new(k.Id, "common", k.Shares, k.Shares, k.Shares * p, Distribution.FromCents(byClass.GetValueOrDefault(k.Id)), m.Clauses.Residual, k.Shares));
        }

        foreach (var s in m.Series)
            classes.Add(new ClassPayout(s.Id, a.Converted[s.Index] ? "convert" : "preference", s.Shares, s.AsConverted,
                a.SeriesPay[s.Index], Distribution.FromCents(classCents[1 + s.Index]), a.Converted[s.Index] ? m.Clauses.Conversion : s.Clause, s.CommonEquivalent));
        var options = m.Options.Select((o, j) => new OptionPayout(o.GrantId, o.Holder, o.Shares, o.Strike, a.OptionPay[j] > 0, a.OptionPay[j], Distribution.FromCents(optionCents[j]))).ToArray();
        return new WaterfallResult(m.Company, m.AsOf, a.Exit, p, classes, options, new HolderPayouts(m.Payees, holderCents), Explain(m, a)) { Fractions = fractions };
    }

    /// <summary>
    /// FOURTH §6(g)(i) per holder: the holder's converting positions are aggregated ("the Preferred Stock then being
    /// converted by a stockholder"), rounded down once; the fraction is paid in cash at the common price, which in a
    /// liquidation is the current market value of a common share.
    /// </summary>
    private static IReadOnlyList<FractionPayout> Fractions(LiquidationModel m, Allocation a, bool[] asConverted, decimal p)
    {
        if (!a.Converted.Any(c => c)) return [];
        // The converting holdings in model order (each payee's sum is added in the same order as over every holding),
        // read from the model's holdings per class rather than by a pass over every holding.
        var converting = new List<int>();
        for (var k = 1; k < asConverted.Length; k++)
            if (asConverted[k]) converting.AddRange(m.Groups.HoldingsOfClass[k]);
        converting.Sort();
        var exact = new Dictionary<int, decimal>();
        foreach (var i in converting)
        {
            var payee = m.HoldingPayee[i];
            exact[payee] = exact.TryGetValue(payee, out var sum) ? sum + m.HoldingCommonEquivalent[i] : m.HoldingCommonEquivalent[i];
        }

        var result = new List<FractionPayout>();
        foreach (var h in exact.Keys.Order())
        {
            var whole = Rounding.RoundDownToWholeShares(exact[h]);
            var fraction = exact[h] - whole;
            if (fraction == 0) continue;
            result.Add(new FractionPayout(m.Payees[h], exact[h], whole, fraction, p, Rounding.FractionCashToNearestCent(fraction * p), m.Clauses.Fraction));
        }

        return result;
    }

    private static List<ExplainStep> Explain(LiquidationModel m, Allocation a)
    {
        var cl = m.Clauses;
        var preferenceClause = cl.Preference;
        var shortfallClause = cl.Shortfall;
        var residualClause = cl.Residual;
        var conversionClause = cl.Conversion;
        var fractionClause = cl.Fraction;
        var steps = new List<ExplainStep> { new("Exit: assets legally available for distribution", a.Exit, preferenceClause) };
        foreach (var s in m.Series.Where(s => s.Shares > 0))
        {
            steps.Add(new($"Series {s.Id}: preference {s.Multiple}× Original Issue Price {s.OriginalIssuePrice} × {s.Shares:N0} shares", s.Multiple * s.OriginalIssuePrice * s.Shares, s.Clause));
            if (s.DividendsPerShare != 0)
                steps.Add(new($"Series {s.Id}: declared and unpaid dividends {s.DividendsPerShare} × {s.Shares:N0}", s.DividendsPerShare * s.Shares, s.Clause));
            if (s.AccruedDividends != 0)
                steps.Add(new($"Series {s.Id}: accrued and unpaid cumulative dividends{(m.AsOf is { } on ? $" to {on:yyyy-MM-dd}" : "")}", s.AccruedDividends, s.AccrualClause ?? s.Clause));
            if (s.ConversionThreshold is { } t)
                steps.Add(new($"Series {s.Id}: converts only if common receives more than this per share ({(s.Participation == ParticipationKind.Capped ? "cap" : "preference")}{(s.DividendsOwedOnConversion > 0 ? " less the declared dividends it keeps" : "")} ÷ {s.CommonEquivalent:#,0.######} as converted)", t, conversionClause));
        }

        for (var r = 0; r < m.Ranks.Count; r++)
            if (m.RankCatchUp[r] > 0 && m.RankCatchUpClaim[r] is { } cu)
                steps.Add(new($"Common catch-up ahead of Series {cu.Series}: paid to the {m.CommonShares:N0} common outstanding after every senior rank, before Series {cu.Series}", m.RankCatchUp[r], cu.Clause));
        steps.Add(new("Total preferential amount if no series converts", m.TotalClaims, preferenceClause));
        foreach (var s in m.Series.Where(s => s.Shares > 0))
            steps.Add(a.Converted[s.Index]
                ? new($"Series {s.Id} converts into {s.CommonEquivalent:#,0.######} common: whole shares, and each holder's fraction in cash at the common price (better off than its preference{(s.DividendsOwedOnConversion > 0 ? "; its declared dividends stay owed" : "")})", a.SeriesPay[s.Index], conversionClause + ", " + fractionClause)
                : new($"Series {s.Id} takes its preference{(s.Participation != ParticipationKind.None ? " and participates" : "")}", a.SeriesPay[s.Index], s.Clause));
        if (a.ShortfallRank >= 0)
            steps.Add(new($"Shortfall: the exit is below the preferential amount; split ratably by {m.ShortfallBasis}", a.Exit, shortfallClause));
        var toPreferred = m.Series.Where(s => !a.Converted[s.Index]).Sum(s => a.SeriesPay[s.Index]);
        steps.Add(new(a.CommonCatchUp > 0 ? "Remainder after the preferences and the common's catch-ups" : "Remainder after the preferences", a.Exit - toPreferred - a.CommonCatchUp, residualClause));
        if (a.OptionPay.Any(x => x > 0))
        {
            var exercised = m.Options.Where((o, j) => a.OptionPay[j] > 0).ToArray();
            steps.Add(new($"Options and warrants in the money: {exercised.Sum(o => o.CommonEquivalent):#,0.######} shares exercised, strike paid in (net: they take the spread)", exercised.Sum(o => o.CommonEquivalent * o.Strike), "interpretation: options and warrants"));
        }

        if (a.CommonCatchUp > 0)
            steps.Add(new("Common catch-ups received", a.CommonCatchUp, m.CatchUps.First().Clause));
        steps.Add(new($"Common receives per share ({m.CommonShares:N0} common outstanding)", a.CommonPrice ?? 0m, residualClause));
        steps.Add(new("Common total", a.CommonPay, residualClause));
        return steps;
    }
}
