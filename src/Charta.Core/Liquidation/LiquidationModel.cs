using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Liquidation;

/// <summary>How a series shares beyond its preference (charter <c>participation.kind</c>).</summary>
public enum ParticipationKind
{
    /// <summary>Non-participating: the preference, or convert to common (FOURTH §4(a), §6(a)). Juniper's kind.</summary>
    None,
    /// <summary>The preference, then shares with common as converted, without limit.</summary>
    Full,
    /// <summary>The preference, then shares with common until the total reaches the cap; or converts.</summary>
    Capped,
}

/// <summary>
/// One preferred series as the waterfall sees it. <see cref="Claim"/> is the full preferential amount of FOURTH §4(a):
/// (multiple × Original Issue Price + declared and unpaid dividends) × shares. <see cref="ShortfallWeight"/> is its
/// weight in a §4(b) shortfall. <see cref="AsConverted"/> is the whole common it would receive on conversion (§6(a)(i),
/// rounded down per holder, §6(g)(i)); <see cref="ExactAsConverted"/> is shares × OIP ÷ conversion price, unrounded:
/// the whole shares plus the fractions the company pays in cash at the same price per common share, out of the same
/// proceeds (§6(g)(i); docs/interpretations.md, "Fractional shares in a liquidation"). <see cref="DividendsOwedOnConversion"/>
/// is what the series still receives when it converts: its declared and unpaid dividends, owed to the holders of
/// record (or 0 under the "forfeited" reading).
/// </summary>
public sealed record SeriesClaim(
    string Id,
    int Index,
    long Shares,
    long AsConverted,
    decimal OriginalIssuePrice,
    decimal Multiple,
    decimal DividendsPerShare,
    decimal Claim,
    decimal ShortfallWeight,
    int Seniority,
    ParticipationKind Participation,
    decimal CapTotal,
    string Clause,
    decimal? ExactAsConverted = null,
    decimal DividendsOwedOnConversion = 0m,
    decimal? ConversionPrice = null,
    decimal AccruedDividends = 0m,
    string? AccrualClause = null)
{
    /// <summary>
    /// The common-equivalent weight of the series when it converts or participates: <see cref="ExactAsConverted"/>
    /// when known, else the whole shares.
    /// </summary>
    public decimal CommonEquivalent => ExactAsConverted ?? AsConverted;

    /// <summary>Preference per share: multiple × OIP + declared and unpaid dividends (FOURTH §4(a)(i)+(ii)).</summary>
    public decimal PreferencePerShare => Shares == 0 ? 0m : Claim / Shares;

    /// <summary>What participation may add on top of the preference before the cap binds (capped kind only).</summary>
    public decimal Headroom => CapTotal - Claim;

    /// <summary>
    /// The common price per share above which the series is strictly better off converting: the preference (or, for a
    /// capped series, the cap), less what it keeps on converting (its declared dividends, when owed), per as-converted
    /// share (exact, fractions included). Null when conversion can never pay more (full participation, no shares, or
    /// no common on conversion).
    /// </summary>
    public decimal? ConversionThreshold => Participation switch
    {
        _ when Shares == 0 || CommonEquivalent == 0 => null,
        ParticipationKind.None => PerCommonEquivalent(Claim - DividendsOwedOnConversion),
        ParticipationKind.Capped => PerCommonEquivalent(CapTotal - DividendsOwedOnConversion),
        _ => null,
    };

    /// <summary>
    /// amount ÷ (shares × OIP ÷ CP), computed as amount × CP ÷ (shares × OIP) when the conversion price is known: one
    /// division, so a threshold that is exactly the conversion price comes out exactly (not 1.0700…01).
    /// </summary>
    private decimal PerCommonEquivalent(decimal amount) =>
        ConversionPrice is { } cp && ExactAsConverted is not null && OriginalIssuePrice != 0
            ? amount * cp / (Shares * OriginalIssuePrice)
            : amount / CommonEquivalent;
}

/// <summary>
/// A catch-up of the common (charter <c>series[i].liquidation.commonCatchUp</c>): after every rank senior to
/// <see cref="Series"/> is paid, the common outstanding receives <see cref="Amount"/> in all before that series' rank
/// is paid anything. It stays at its place in the order when the series converts (docs/interpretations.md, "Common
/// catch-up"), and only the common outstanding takes it (not shares issued on conversion, nor options).
/// </summary>
public sealed record CommonCatchUpClaim(string Series, int Seniority, decimal Amount, string Clause);

/// <summary>
/// An outstanding option or warrant, as common-equivalent shares and a strike per common-equivalent share. An
/// instrument on a preferred series is counted as exercised and converted (see docs/interpretations.md, "Options and
/// warrants in a liquidation"): <see cref="Shares"/> is the whole common, <see cref="ExactShares"/> the exact common
/// equivalent, the fraction paid in cash at the common price like a converting series' (§6(g)(i)).
/// </summary>
public sealed record OptionClaim(string GrantId, string Holder, string Underlying, long Shares, decimal Strike, decimal? ExactShares = null)
{
    public decimal CommonEquivalent => ExactShares ?? Shares;
}

/// <summary>
/// A holder's shares of one class (common or a series); <see cref="AsConverted"/> rounds down per position,
/// <see cref="ExactAsConverted"/> is shares × OIP ÷ conversion price unrounded (null: the whole shares).
/// </summary>
public sealed record Holding(string Holder, string ClassId, long Shares, long AsConverted, decimal? ExactAsConverted = null)
{
    public decimal CommonEquivalent => ExactAsConverted ?? AsConverted;
}

/// <summary>One class of common and its shares outstanding (the residual class is all of them together).</summary>
public readonly record struct CommonClassShares(string Id, long Shares);

/// <summary>
/// What a converted series keeps of its declared and unpaid dividends at a liquidation (charter
/// <c>liquidation.dividendsOnConversion</c>, or the verb's switch).
/// </summary>
public static class ConvertedDividends
{
    /// <summary>Declared dividends are owed to the holders of record; converting does not forfeit them (default).</summary>
    public const string Owed = "owed-to-holders-of-record";
    /// <summary>Converting gives up the whole §4(a) preferential amount, declared dividends included.</summary>
    public const string Forfeited = "forfeited";
    public static readonly string[] Readings = [Owed, Forfeited];
}

/// <summary>
/// The clauses the waterfall cites, read from the charter in use (never a built-in citation). A term the charter does
/// not cite reads "(the charter cites no clause for …)".
/// </summary>
public sealed record LiquidationClauses(string Preference, string Shortfall, string Residual, string Conversion, string Fraction)
{
    public static LiquidationClauses From(CharterDocument c) => new(
        c.Series.Select(s => s.Liquidation.Clause).FirstOrDefault() ?? Uncited("the liquidation preference"),
        c.Liquidation?.ShortfallBasis.Clause ?? Uncited("a shortfall"),
        c.Liquidation?.ResidualToCommon?.Clause ?? Uncited("the remainder to common"),
        c.Conversion?.Optional?.Clause ?? Uncited("conversion"),
        c.Conversion?.FractionalShares?.Clause ?? Uncited("fractional shares"));

    /// <summary>For models built without a charter (tests, benchmarks): the terms named, no citation.</summary>
    public static readonly LiquidationClauses Uncited_ = new(Uncited("the liquidation preference"), Uncited("a shortfall"),
        Uncited("the remainder to common"), Uncited("conversion"), Uncited("fractional shares"));

    private static string Uncited(string term) => $"(the charter cites no clause for {term})";
}

/// <summary>
/// The cap table reduced to what FOURTH §4 needs. Built once from a <see cref="CapTable"/>; the direct solve, the
/// breakpoints and the payout curve all read it.
/// </summary>
public sealed partial class LiquidationModel
{
    public LiquidationModel(string company, string commonId, long commonShares, IReadOnlyList<SeriesClaim> series,
        IReadOnlyList<OptionClaim> options, IReadOnlyList<Holding> holdings, string shortfallBasis, DateOnly? asOf,
        LiquidationClauses? clauses = null, IReadOnlyList<CommonClassShares>? commonClasses = null, IReadOnlyList<CommonCatchUpClaim>? catchUps = null)
    {
        CommonClasses = commonClasses ?? [new CommonClassShares(commonId, commonShares)];
        Preconditions.Check(CommonClasses.Sum(k => k.Shares) == commonShares, "the classes of common add up to the common outstanding");
        Clauses = clauses ?? LiquidationClauses.Uncited_;
        Company = company;
        CommonId = commonId;
        CommonShares = commonShares;
        Series = series;
        Options = options;
        Holdings = holdings;
        ShortfallBasis = shortfallBasis;
        AsOf = asOf;
        TotalClaims = series.Sum(s => s.Claim);
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal) { [commonId] = 0 };
        foreach (var k in CommonClasses) classIndex[k.Id] = 0;
        foreach (var s in series) classIndex[s.Id] = 1 + s.Index;
        HoldingClassIndex = new int[holdings.Count];
        HoldingShares = new long[holdings.Count];
        HoldingCommonEquivalent = new decimal[holdings.Count];
        for (var i = 0; i < holdings.Count; i++)
        {
            var h = holdings[i];
            // Holdings of one class share its id (the same string): looked up once per run of them.
            HoldingClassIndex[i] = i > 0 && ReferenceEquals(h.ClassId, holdings[i - 1].ClassId) ? HoldingClassIndex[i - 1] : classIndex[h.ClassId];
            HoldingShares[i] = h.Shares;
            HoldingCommonEquivalent[i] = h.CommonEquivalent;
        }

        // Payees in the order they first appear (holdings, then options), and each holding's and option's payee.
        var payees = new Dictionary<string, int>(holdings.Count + options.Count, StringComparer.Ordinal);
        var names = new List<string>();
        int Payee(string name)
        {
            if (payees.TryGetValue(name, out var i)) return i;
            payees[name] = names.Count;
            names.Add(name);
            return names.Count - 1;
        }

        // A holder's holdings are side by side (From lists them by holder): its name is looked up once.
        HoldingPayee = new int[holdings.Count];
        for (var i = 0; i < holdings.Count; i++)
            HoldingPayee[i] = i > 0 && ReferenceEquals(holdings[i].Holder, holdings[i - 1].Holder) ? HoldingPayee[i - 1] : Payee(holdings[i].Holder);
        OptionPayee = options.Select(o => Payee(o.Holder)).ToArray();
        Payees = names;
        Ranks = series.Where(s => s.Shares > 0).GroupBy(s => s.Seniority).OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<SeriesClaim>)g.OrderBy(s => s.Index).ToArray()).ToArray();
        // A catch-up is paid just before its series' rank; a series with no shares outstanding has no rank and no catch-up.
        var rankCatchUp = new decimal[Ranks.Count];
        var rankCatchUpClaim = new CommonCatchUpClaim?[Ranks.Count];
        foreach (var cu in catchUps ?? [])
        {
            if (cu.Amount <= 0) continue;
            for (var r = 0; r < Ranks.Count; r++)
                if (Ranks[r][0].Seniority == cu.Seniority)
                {
                    rankCatchUp[r] += cu.Amount;
                    rankCatchUpClaim[r] ??= cu;
                }
        }

        RankCatchUp = rankCatchUp;
        RankCatchUpClaim = rankCatchUpClaim;
        TotalCatchUp = rankCatchUp.Sum();
        CatchUps = catchUps ?? [];
    }

    /// <summary>The common's catch-ups the charter states (<see cref="CommonCatchUpClaim"/>).</summary>
    public IReadOnlyList<CommonCatchUpClaim> CatchUps { get; }

    /// <summary>Per rank of <see cref="Ranks"/>: what the common receives just before that rank is paid (0: nothing).</summary>
    public IReadOnlyList<decimal> RankCatchUp { get; }

    /// <summary>Per rank: the catch-up paid before it (its series and clause), or null.</summary>
    public IReadOnlyList<CommonCatchUpClaim?> RankCatchUpClaim { get; }

    /// <summary>Σ of the catch-ups paid to the common ahead of a rank.</summary>
    public decimal TotalCatchUp { get; }

    public LiquidationClauses Clauses { get; }
    public string Company { get; }
    public string CommonId { get; }
    /// <summary>The common outstanding, every class of common together: the residual class.</summary>
    public long CommonShares { get; }
    /// <summary>Each class of common and its shares (one entry, <see cref="CommonId"/>, on a one-class charter).</summary>
    public IReadOnlyList<CommonClassShares> CommonClasses { get; }
    /// <summary>Every series of the charter, in charter order (a series with no shares outstanding claims nothing).</summary>
    public IReadOnlyList<SeriesClaim> Series { get; }
    public IReadOnlyList<OptionClaim> Options { get; }
    public IReadOnlyList<Holding> Holdings { get; }
    public string ShortfallBasis { get; }
    /// <summary>Per holding: 0 for common, 1 + the series' index for a series.</summary>
    internal int[] HoldingClassIndex { get; }
    /// <summary>Per holding: its <see cref="Holding.Shares"/> and <see cref="Holding.CommonEquivalent"/> (read per exit).</summary>
    internal long[] HoldingShares { get; }
    internal decimal[] HoldingCommonEquivalent { get; }
    /// <summary>Everyone paid: holders of shares, then holders of options and warrants, without repeats.</summary>
    internal IReadOnlyList<string> Payees { get; }
    internal int[] HoldingPayee { get; }
    internal int[] OptionPayee { get; }
    public DateOnly? AsOf { get; }
    /// <summary>Σ of every series' full preferential amount (FOURTH §4(a)).</summary>
    public decimal TotalClaims { get; }
    /// <summary>Series with shares outstanding, grouped by seniority, most senior (highest number, OCF sense) first.</summary>
    public IReadOnlyList<IReadOnlyList<SeriesClaim>> Ranks { get; }

    public const string OptionsClassId = "options";

    private Tuple<(decimal P, decimal Delta)[], decimal>? _optionKinks;

    /// <summary>
    /// The options' kinks in the residual's payout (strike, common equivalent), sorted by strike once for the model,
    /// and the common equivalent of options with no strike (they participate from the first dollar).
    /// </summary>
    internal ((decimal P, decimal Delta)[] Kinks, decimal ZeroStrike) OptionKinks
    {
        get
        {
            if (_optionKinks is null)
            {
                decimal zero = 0m;
                var kinks = new List<(decimal P, decimal Delta)>(Options.Count);
                foreach (var o in Options)
                    if (o.Strike <= 0) zero += o.CommonEquivalent;
                    else kinks.Add((o.Strike, o.CommonEquivalent));
                kinks.Sort((a, b) => a.P.CompareTo(b.P));
                _optionKinks = Tuple.Create(kinks.ToArray(), zero); // one reference: a reader sees both parts together
            }

            return (_optionKinks.Item1, _optionKinks.Item2);
        }
    }

    /// <summary>Class ids of the payout curve: common, each series in charter order, and "options" when any are outstanding.</summary>
    public IReadOnlyList<string> CurveClassIds =>
        _curveClassIds ??= [CommonId, .. Series.Select(s => s.Id), .. (Options.Count > 0 ? new[] { OptionsClassId } : [])];

    private string[]? _curveClassIds;

    /// <summary>
    /// Builds the model from the cap table. Declared and unpaid dividends come from
    /// <see cref="CapTable.DeclaredUnpaidDividendsPerShare"/> (FOURTH §4(a)(ii)); conversion from
    /// <see cref="CapTable.ConversionPrice"/> (§6(a)(i)). An instrument whose expiry date is before the cap table's
    /// as-of date is left out.
    /// </summary>
    public static LiquidationModel From(CapTable table) => From(table, null);

    /// <summary>
    /// As <see cref="From(CapTable)"/>, with the reading for declared dividends of a converting series
    /// (<see cref="ConvertedDividends"/>; null: the charter's, else owed to the holders of record).
    /// </summary>
    public static LiquidationModel From(CapTable table, string? dividendsOnConversion) => From(table, dividendsOnConversion, null);

    /// <summary>
    /// As <see cref="From(CapTable, string)"/>; <paramref name="evolvedFrom"/>, the model of the table
    /// <paramref name="table"/> was evolved from (a server's previous state), lends its holdings: only the rows of the
    /// holders the events touched are computed again (the same model either way: tested).
    /// </summary>
    public static LiquidationModel From(CapTable table, string? dividendsOnConversion, LiquidationModel? evolvedFrom)
    {
        var c = table.Charter;
        var basis = c.Liquidation?.ShortfallBasis.Value ?? "original-issue-price-times-shares";
        var dividendReading = dividendsOnConversion ?? c.Liquidation?.DividendsOnConversion ?? ConvertedDividends.Owed;
        Preconditions.Check(ConvertedDividends.Readings.Contains(dividendReading), "unknown dividends-on-conversion reading " + dividendReading);
        var series = new List<SeriesClaim>();
        for (var i = 0; i < c.Series.Count; i++)
        {
            var s = c.Series[i];
            var shares = table.Outstanding(s.Id);
            var lq = s.Liquidation;
            var oip = s.OriginalIssuePrice.Value;
            var div = lq.IncludesDeclaredUnpaidDividends ? table.DeclaredUnpaidDividendsPerShare.GetValueOrDefault(s.Id) : 0m;
            // A cumulative series' accrued and unpaid dividends, to the cent on the table's date, add to its preference
            // (and to its cap); a converting series gives them up (it takes the common instead).
            var accrual = shares > 0 ? table.Accrued(s.Id) : null;
            var accrued = accrual?.AccruedUnpaid ?? 0m;
            var claim = (lq.Multiple * oip + div) * shares + accrued;
            var weight = basis == "preference-amount" ? claim : oip * shares;
            var kind = lq.Participation.Kind switch
            {
                "full" => ParticipationKind.Full,
                "capped" => ParticipationKind.Capped,
                _ => ParticipationKind.None,
            };
            var cap = kind == ParticipationKind.Capped ? ((lq.Participation.CapMultiple ?? lq.Multiple) * oip + div) * shares + accrued : claim;
            var cp = table.ConversionPrice(s.Id);
            var owed = dividendReading == ConvertedDividends.Owed ? div * shares : 0m;
            series.Add(new SeriesClaim(s.Id, i, shares, shares == 0 ? 0 : table.ClassAsConverted(s.Id), oip, lq.Multiple, div, claim, weight,
                lq.Seniority, kind, cap, lq.Clause, shares == 0 ? 0m : table.ExactConversionPrice(s.Id).Quotient(shares * oip), owed, cp,
                accrued, accrual?.Clause));
        }

        var options = new List<OptionClaim>();
        foreach (var ins in table.InstrumentsById)
        {
            if (table.OutstandingOf(ins) <= 0) continue; // exercised, cancelled, expired, or lapsed by the table's date
            if (c.IsCommon(ins.Underlying))
            {
                options.Add(new OptionClaim(ins.GrantId, ins.Holder, ins.Underlying, ins.Outstanding, ins.Strike));
                continue;
            }

            var common = table.AsConverted(ins.Underlying, ins.Outstanding);
            var underlying = c.FindSeries(ins.Underlying)!;
            var cpOf = table.ConversionPrice(ins.Underlying);
            var exact = table.ExactConversionPrice(ins.Underlying).Quotient(ins.Outstanding * underlying.OriginalIssuePrice.Value);
            if (exact == 0) continue;
            // Strike per common equivalent: the exercise price × preferred shares ÷ exact common = price × CP ÷ OIP.
            options.Add(new OptionClaim(ins.GrantId, ins.Holder, ins.Underlying, common, ins.Strike * cpOf / underlying.OriginalIssuePrice.Value, exact));
        }

        // Holdings by holder (in the order they were added), each holder's classes in charter order: derived from the
        // model of the table this one was evolved from when there is one (HoldingsFrom), else built from every row.
        var (ids, held) = table.PositionsByHolder();
        var terms = new HoldingTerms(c, ids, table);
        var holdings = evolvedFrom is not null && HoldingsFrom(evolvedFrom, table, terms, held) is { } derived ? derived : AllHoldings(table, terms, held);
        // Every class of common shares the residual pari passu, share for share, as one residual class (the charter
        // states no preference among them); the waterfall shows each class's part.
        var commonClasses = c.CommonClasses.Select(k => new CommonClassShares(k.Id, table.Outstanding(k.Id))).ToArray();
        // The common's catch-ups: a stated amount a common share (on the common outstanding, every class) or in aggregate.
        var commonShares = table.CommonOutstanding();
        var catchUps = new List<CommonCatchUpClaim>();
        foreach (var s in c.Series)
        {
            if (s.Liquidation.CommonCatchUp is not { } cu || table.Outstanding(s.Id) <= 0) continue;
            var amount = commonShares == 0 ? 0m : cu.PerShare is { } ps ? ps * commonShares : cu.Amount ?? 0m;
            catchUps.Add(new CommonCatchUpClaim(s.Id, s.Liquidation.Seniority, amount, cu.Clause));
        }

        return new LiquidationModel(c.Company, c.Common.Id, commonShares, series, options, holdings, basis, table.AsOf,
            LiquidationClauses.From(c), commonClasses, catchUps) { Source = (table.Cell, terms) };
    }

    /// <summary>
    /// The table's cell and the terms the holdings were computed on (for a model of a table evolved from it: see
    /// <see cref="HoldingsFrom"/>); null for a model built from its parts.
    /// </summary>
    private (CapTable.HolderCell Cell, HoldingTerms Terms)? Source { get; init; }

    /// <summary>Per class, looked up once (not per position): whether it is common, and a series' exact conversion price and OIP.</summary>
    private sealed class HoldingTerms
    {
        public HoldingTerms(Charter.CharterDocument c, string[] ids, CapTable table)
        {
            Charter = c;
            Ids = ids;
            IsCommon = new bool[ids.Length];
            Price = new Money.ExactPrice[ids.Length];
            Oip = new decimal[ids.Length];
            for (var k = 0; k < ids.Length; k++)
            {
                IsCommon[k] = c.IsCommon(ids[k]);
                if (IsCommon[k]) continue;
                Price[k] = table.ExactConversionPrice(ids[k]);
                Oip[k] = c.FindSeries(ids[k])!.OriginalIssuePrice.Value;
            }
        }

        public Charter.CharterDocument Charter { get; }
        public string[] Ids { get; }
        public bool[] IsCommon { get; }
        public Money.ExactPrice[] Price { get; }
        public decimal[] Oip { get; }

        public bool SameAs(HoldingTerms o) => ReferenceEquals(Charter, o.Charter) && Ids.AsSpan().SequenceEqual(o.Ids)
            && Price.AsSpan().SequenceEqual(o.Price) && Oip.AsSpan().SequenceEqual(o.Oip);

        /// <summary>A holder's row as holdings (as CapTable.AsConvertedPosition: common as it is; a series' position as converted, rounded down).</summary>
        public void AddRow(List<Holding> holdings, string h, long[] row)
        {
            for (var k = 0; k < Ids.Length; k++)
            {
                var n = row[k];
                if (n <= 0) continue;
                holdings.Add(IsCommon[k]
                    ? new Holding(h, Ids[k], n, n)
                    : new Holding(h, Ids[k], n, Price[k].WholeSharesFor(n * Oip[k]), Price[k].Quotient(n * Oip[k])));
            }
        }
    }

    private static List<Holding> AllHoldings(CapTable table, HoldingTerms terms, IReadOnlyDictionary<string, long[]> held)
    {
        var holdings = new List<Holding>(held.Count);
        foreach (var h in table.Holders)
            if (held.TryGetValue(h, out var row)) terms.AddRow(holdings, h, row);
        return holdings;
    }

    /// <summary>
    /// The holdings of <paramref name="before"/>, the model of the table <paramref name="table"/> was evolved from, with
    /// the rows of the holders touched since read again (the others kept, the same objects, in the same order); null
    /// (build them all) unless the classes, conversion prices and charter are the same and every touched holder with a
    /// row now had one before (a holder's first row takes its place in the register's order).
    /// </summary>
    private static List<Holding>? HoldingsFrom(LiquidationModel before, CapTable table, HoldingTerms terms, IReadOnlyDictionary<string, long[]> held)
    {
        if (before.Source is not { } src || table.TouchedSince(src.Cell) is not { } touched || !src.Terms.SameAs(terms))
            return null;
        var holdings = new List<Holding>(before.Holdings.Count + touched.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = before.Holdings;
        for (var i = 0; i < all.Count;)
        {
            var h = all[i].Holder;
            var end = i + 1;
            while (end < all.Count && all[end].Holder == h) end++;
            if (!touched.Contains(h))
                for (var j = i; j < end; j++) holdings.Add(all[j]);
            else
            {
                seen.Add(h);
                if (held.TryGetValue(h, out var row)) terms.AddRow(holdings, h, row);
            }

            i = end;
        }

        // A touched holder with a row now and none before: its place is the register's; build them all.
        foreach (var h in touched)
            if (!seen.Contains(h) && held.ContainsKey(h)) return null;
        return holdings;
    }
}
