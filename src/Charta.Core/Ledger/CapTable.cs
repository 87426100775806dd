using Charta.Core.Charter;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>An option, warrant or convertible security and what is left of it.</summary>
public sealed record Instrument(
    string GrantId,
    string Holder,
    string Kind,
    string Underlying,
    DateOnly GrantedOn,
    DateOnly? Expires,
    long MaxSharesAtIssue,
    decimal ExercisePriceAtIssue,
    decimal ConsiderationReceived,
    string? Exclusion,
    string? Approval,
    long Outstanding,
    decimal ExercisePrice,
    long Exercised,
    long Cancelled,
    long Expired,
    ExactPrice? ExactExercisePrice = null)
{
    public bool IsExpiredOn(DateOnly date) => Expires is { } e && date > e;

    /// <summary>
    /// The exercise price exact: moved "proportionately" by splits and reclassifications of the common it is over, kept as
    /// the price last set times the cumulative factor (null: <see cref="ExercisePrice"/> is exact). <see cref="ExercisePrice"/>
    /// is its ten-place display.
    /// </summary>
    public ExactPrice ExactPrice => ExactExercisePrice ?? Money.ExactPrice.Of(ExercisePrice);

    /// <summary>The exercise price to 28 significant digits (the strike the waterfall pays a spread over).</summary>
    public decimal Strike => ExactExercisePrice is { } x ? x.Value.ToDecimal() : ExercisePrice;

    /// <summary>What exercising <paramref name="shares"/> pays, exact where the product is a decimal (28 significant digits otherwise).</summary>
    public decimal ExerciseAmount(long shares) =>
        ExactExercisePrice is { } x ? (Rational.Of(shares, 1) * x.Value).ToDecimal() : shares * ExercisePrice;
}

/// <summary>A conversion-price change, with the clause that made it and the ledger event that triggered it.</summary>
public sealed record ConversionPriceChange(DateOnly Date, string Series, decimal From, decimal To, string Clause, long EventSequence, string Reason,
    Charta.Core.AntiDilution.AdjustmentInputs? Inputs = null);

/// <summary>A holder's position in one class or series.</summary>
public sealed record Position(string Holder, string Security, long Shares);

/// <summary>
/// The cap table as of a date: the state that the ledger folds to. Immutable; build it with <see cref="Fold"/>.
/// Share counts are <c>long</c>, prices <c>decimal</c>.
/// </summary>
public sealed partial class CapTable
{
    internal CapTable(LedgerState state, DateOnly? asOf)
    {
        State = state;
        AsOf = asOf;
    }

    /// <summary>The immutable folded state this table reads (shared, never copied).</summary>
    internal LedgerState State { get; }

    // Derived totals, computed on first use and kept: the state never changes under a table.
    private long? _instrumentCommonEquivalent;
    private Dictionary<string, long>? _instrumentsByUnderlying;

    public CharterDocument Charter => State.Register.Charter!;
    public string CharterId => State.Register.CharterId;
    public DateOnly? IncorporatedOn => State.Register.IncorporatedOn;
    /// <summary>The date the table was folded to, or null for "all events".</summary>
    public DateOnly? AsOf { get; }
    /// <summary>Stakeholders in the order they were added.</summary>
    public IReadOnlyList<string> Holders => State.Register.Holders;
    public IReadOnlyDictionary<string, string?> HolderKinds => State.Register.Kinds;
    public IReadOnlyDictionary<(string Holder, string Security), long> Positions => State.Issuance.Positions;
    public IReadOnlyDictionary<string, long> OutstandingByClass => State.Issuance.Outstanding;
    /// <summary>FOURTH §9: converted preferred, cancelled and not reissuable, per series.</summary>
    public IReadOnlyDictionary<string, long> RetiredByConversion => State.Issuance.Retired;
    public IReadOnlyDictionary<string, Instrument> Instruments => State.Instruments.Instruments;

    /// <summary>
    /// Every instrument, in no particular order: the same as <see cref="Instruments"/>' values, without building the
    /// map when the state came from a snapshot and nothing has looked one up yet (a cap table lists 246,769 options).
    /// </summary>
    public IReadOnlyCollection<Instrument> InstrumentList =>
        State.Instruments.InstrumentsPart.Entries<MapEntries<Instrument>>() is { } e ? e.Values : new ValuesOf<Instrument>(State.Instruments.Instruments);

    /// <summary>The number of instruments (as <see cref="InstrumentList"/>, without building the map).</summary>
    public int InstrumentCount => State.Instruments.InstrumentsPart.KnownCount is >= 0 and var n ? n : InstrumentList.Count;

    /// <summary>One instrument by id (null if none): read by key when the state came from a snapshot and the map is unread.</summary>
    public Instrument? FindInstrument(string id) => State.Instruments.InstrumentsPart.Find<string, Instrument>(id);

    private sealed class ValuesOf<TValue>(System.Collections.Immutable.ImmutableDictionary<string, TValue> map) : IReadOnlyCollection<TValue>
    {
        public int Count => map.Count;

        public IEnumerator<TValue> GetEnumerator() => map.Values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
    /// <summary>Conversion price in effect per series.</summary>
    public IReadOnlyDictionary<string, decimal> ConversionPrices => State.Conversion.Prices;
    public IReadOnlyList<ConversionPriceChange> ConversionPriceHistory => State.Conversion.History;
    /// <summary>The date each class was first issued; for the anti-dilution series this is the Original Issue Date (§6(d)(i)(B)).</summary>
    public IReadOnlyDictionary<string, DateOnly> FirstIssueDates => State.Issuance.FirstIssue;
    /// <summary>FOURTH §4(a)(ii): declared and unpaid dividends per share of each series (zero until dividends are declared).</summary>
    public IReadOnlyDictionary<string, decimal> DeclaredUnpaidDividendsPerShare => State.Dividends.UnpaidPerShare;
    public long EventCount => State.EventCount;

    public bool HasHolder(string name) => HolderKinds.ContainsKey(name);

    public long Outstanding(string classId) => OutstandingByClass.GetValueOrDefault(classId);

    public long SharesHeld(string holder, string security) => Positions.GetValueOrDefault((holder, security));

    public decimal ConversionPrice(string series) =>
        ConversionPrices.TryGetValue(series, out var p) ? p : throw new ArgumentException($"unknown series {series}", nameof(series));

    /// <summary>
    /// The conversion price in effect, exact: <see cref="ConversionPrice"/> is its ten-place display, and a price moved
    /// by §6(e)(i) "proportionately" is kept as the price last set times the cumulative split factor.
    /// </summary>
    public ExactPrice ExactConversionPrice(string series) =>
        State.Conversion.Exact.TryGetValue(series, out var x) ? x : ExactPrice.Of(ConversionPrice(series));

    /// <summary>FOURTH §6(a)(i): common per preferred share = Original Issue Price ÷ conversion price in effect (28 significant digits; conversions use the exact quotient).</summary>
    public decimal ConversionRatio(string series)
    {
        var s = Charter.FindSeries(series) ?? throw new ArgumentException($"unknown series {series}", nameof(series));
        return ExactConversionPrice(series).Quotient(s.OriginalIssuePrice.Value);
    }

    /// <summary>The common <paramref name="shares"/> of <paramref name="series"/> convert into, exact (before §6(g)(i) rounds it down).</summary>
    public Rational ExactCommonOnConversion(string series, long shares)
    {
        var s = Charter.FindSeries(series) ?? throw new ArgumentException($"unknown series {series}", nameof(series));
        return ExactConversionPrice(series).Into(shares * s.OriginalIssuePrice.Value);
    }

    /// <summary>
    /// Common issuable on converting <paramref name="shares"/> of <paramref name="series"/> at once, rounded down to a
    /// whole share (FOURTH §6(a)(i), §6(g)(i)).
    /// </summary>
    public long AsConverted(string series, long shares)
    {
        var s = Charter.FindSeries(series) ?? throw new ArgumentException($"unknown series {series}", nameof(series));
        return ExactConversionPrice(series).WholeSharesFor(shares * s.OriginalIssuePrice.Value);
    }

    /// <summary>Common-equivalent of a position: common shares as they are, preferred as converted (rounded down per position).</summary>
    public long AsConvertedPosition(string security, long shares) =>
        Charter.IsCommon(security) ? shares : AsConverted(security, shares);

    /// <summary>Positions of one holder, common first, then series in charter order.</summary>
    public IEnumerable<Position> PositionsOf(string holder)
    {
        foreach (var id in Charter.ClassIds)
            if (Positions.TryGetValue((holder, id), out var n) && n != 0)
                yield return new Position(holder, id, n);
    }

    /// <summary>
    /// One rule for every reader (docs/interpretations.md, "Expired instruments"): an instrument is not exercisable, so
    /// not outstanding, after its expiry date, whether or not an <c>instrument-expired</c> event records it. The date is
    /// the table's <see cref="AsOf"/> (every read verb gives one; a table folded over "all events" has none and lapses
    /// nothing).
    /// </summary>
    public bool IsLapsed(Instrument i) => AsOf is { } d && i.Outstanding > 0 && i.IsExpiredOn(d);

    /// <summary>The shares still exercisable under an instrument on the table's date: none once it has lapsed.</summary>
    public long OutstandingOf(Instrument i) => IsLapsed(i) ? 0 : i.Outstanding;

    /// <summary>Instruments with shares outstanding on the table's date (lapsed ones excluded).</summary>
    public IEnumerable<Instrument> OutstandingInstruments => InstrumentList.Where(i => OutstandingOf(i) > 0);

    /// <summary>
    /// Instruments with shares outstanding that may lapse (an expiry date, or over preferred): a snapshot's summary when
    /// it has one (the instruments over common with no expiry date are not read), else every instrument.
    /// </summary>
    internal IEnumerable<Instrument> InstrumentsThatMayLapse => Sums?.Listed.Values ?? InstrumentList;

    /// <summary>Instruments past their expiry on the table's date with shares the ledger has not recorded as expired (record the expiry).</summary>
    public IEnumerable<Instrument> LapsedInstruments => (Sums?.Listed.Values ?? InstrumentList).Where(IsLapsed);

    // The instruments' summary kept beside a snapshot's unread instruments (null otherwise, or if it is of another
    // common class: then they are listed).
    private InstrumentSums? Sums =>
        State.Instruments.InstrumentsPart.Summary is InstrumentSums s && State.Register.Charter is { } c && s.Common == c.Common.Id ? s : null;

    /// <summary>
    /// The shares outstanding under the instruments on the table's date (lapsed ones excluded, as
    /// <see cref="OutstandingOf"/>), none zero, in no particular order: per holder for the instruments over common with no
    /// expiry date, and instrument by instrument for the others — what a cap table's totals need (common at face,
    /// preferred as converted one instrument at a time), without listing 246,769 options when the table came from a
    /// snapshot (the summary kept beside them).
    /// </summary>
    public IEnumerable<(string Holder, string Underlying, long Outstanding)> InstrumentOutstanding()
    {
        if (Sums is not { } s)
        {
            foreach (var i in InstrumentList)
                if (OutstandingOf(i) is > 0 and var n) yield return (i.Holder, i.Underlying, n);
            yield break;
        }

        foreach (var (holder, n) in s.Undated) yield return (holder, s.Common, n);
        foreach (var i in s.Listed.Values)
            if (OutstandingOf(i) is > 0 and var n) yield return (i.Holder, i.Underlying, n);
    }

    // The instruments sorted by id, per instruments map: the map is immutable, so one sort serves every table that
    // shares it (a modelled round's tables share the base's map when the round grants no instrument).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Instrument[]> ById = new();

    /// <summary>Every instrument (outstanding or not), in ordinal order of id.</summary>
    public IReadOnlyList<Instrument> InstrumentsById =>
        ById.GetValue(State.Instruments.Instruments, _ => [.. Instruments.Values.OrderBy(i => i.GrantId, StringComparer.Ordinal)]);

    /// <summary>The first free instrument id of the form G-n (options, warrants and convertibles share the namespace).</summary>
    public string NextFreeInstrumentId()
    {
        for (var i = InstrumentCount + Convertibles.Count + 1; ; i++)
        {
            var candidate = $"G-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            if (FindInstrument(candidate) is null && !Convertibles.ContainsKey(candidate)) return candidate;
        }
    }

    /// <summary>The first free dividend id of the form DIV-n.</summary>
    public string NextFreeDividendId()
    {
        for (var i = Dividends.Count + 1; ; i++)
        {
            var candidate = $"DIV-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            if (!Dividends.ContainsKey(candidate)) return candidate;
        }
    }

    /// <summary>Common-equivalent shares reserved for outstanding instruments: options on common at face, on preferred as converted.</summary>
    public long InstrumentCommonEquivalent() => _instrumentCommonEquivalent ??= ComputeInstrumentCommonEquivalent();

    private long ComputeInstrumentCommonEquivalent()
    {
        // Instruments on common count at face (their sum per class, below). Only instruments on preferred are visited,
        // each converted and rounded down on its own (§6(g)(i)), and only when there are any.
        long total = 0;
        var onPreferred = false;
        foreach (var (id, n) in InstrumentSharesByUnderlying())
        {
            if (n == 0) continue;
            if (Charter.IsCommon(id)) total = checked(total + n);
            else onPreferred = true;
        }

        if (onPreferred)
            foreach (var i in InstrumentList)
                if (OutstandingOf(i) > 0 && !Charter.IsCommon(i.Underlying))
                    total = checked(total + AsConverted(i.Underlying, i.Outstanding));
        return total;
    }

    /// <summary>
    /// Shares of each class that instruments outstanding on the table's date are over (at face, not converted). With
    /// no date nothing lapses, and this is the reservation the fold keeps per class (§6(i)), the sum of the
    /// instruments' outstanding shares; with a date, lapsed instruments are left out (one pass, kept).
    /// </summary>
    public IReadOnlyDictionary<string, long> InstrumentSharesByUnderlying()
    {
        if (AsOf is null) return State.Instruments.Reserved;
        if (_instrumentsByUnderlying is { } cached) return cached;
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var i in InstrumentList)
            if (OutstandingOf(i) is > 0 and var n) totals[i.Underlying] = checked(totals.GetValueOrDefault(i.Underlying) + n);
        return _instrumentsByUnderlying = totals;
    }

    /// <summary>Common outstanding plus every preferred position as converted.</summary>
    public long AsConvertedTotal() =>
        CommonOutstanding() + Charter.Series.Sum(s => ClassAsConverted(s.Id));

    /// <summary>The common outstanding, every class of common together.</summary>
    public long CommonOutstanding()
    {
        long n = 0;
        foreach (var k in Charter.CommonClasses) n += Outstanding(k.Id);
        return n;
    }

    /// <summary>As converted, plus every outstanding option, warrant and convertible as if exercised.</summary>
    public long FullyDilutedTotal() => AsConvertedTotal() + InstrumentCommonEquivalent();
}
