using Charta.Core.AntiDilution;
using Charta.Core.Charter;
using Charta.Core.Conversion;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>
/// FOURTH §6: anti-dilution adjustments computed while folding (so that a back-dated event re-folds every later
/// adjustment), the §6(c) D1 reset, automatic conversion, and the §6(e)(ii)/(iii) records. Every running figure is
/// kept incrementally: an event costs O(series), never a rescan of the ledger.
/// </summary>
internal sealed partial class LedgerEditor
{
    // ---- the prices in effect -------------------------------------------------------------------------------

    /// <summary>A series' conversion price exact (docs/interpretations.md, "Split-adjusted prices").</summary>
    private ExactPrice ExactPriceOf(string series) =>
        _exactPrices.TryGetValue(series, out var x) ? x : ExactPrice.Of(_conversionPrices[series]);

    /// <summary>A price set in decimal (the charter's initial price, a §6(d) adjustment to the cent, a reset, a correction).</summary>
    private void SetPrice(string series, decimal price)
    {
        _conversionPrices[series] = price;
        _exactPrices[series] = ExactPrice.Of(price);
    }

    /// <summary>A price moved "proportionately" (§6(e)(i), (iii)) by n/d: kept exact, shown to ten places. Returns the figure shown.</summary>
    private decimal ScalePrice(string series, long numerator, long denominator)
    {
        var x = ExactPriceOf(series).Scaled(numerator, denominator);
        _exactPrices[series] = x;
        return _conversionPrices[series] = x.Display;
    }

    private static bool TryScale(ExactPrice price, long numerator, long denominator, out ExactPrice scaled)
    {
        try
        {
            scaled = price.Scaled(numerator, denominator);
            _ = scaled.Display;
            return true;
        }
        catch (OverflowException)
        {
            scaled = price;
            return false;
        }
    }

    // ---- the clauses the adjustments cite: the charter's own --------------------------------------------------

    /// <summary>
    /// The clause of the adjustment formula: its sub-clause "(iv)" under the charter's anti-dilution clause when the charter's
    /// own text has it (the clause look-up), else the anti-dilution clause the charter names.
    /// </summary>
    private string AdjustmentClause() => AntiDilutionRule("(iv)");

    /// <summary>The clause of a series' adjustment: its own anti-dilution clause when it has one, else the charter's formula.</summary>
    private string AdjustmentClause(PreferredSeries s) => s.AntiDilution?.Clause ?? AdjustmentClause();

    /// <summary>The short-option clause: the charter's shortOptionDays clause, else its anti-dilution clause.</summary>
    private string ShortOptionClause() => Charter.AntiDilution?.ShortOptionDays?.Clause ?? AntiDilutionRule("(iii)(E)");

    /// <summary>The readjustment on an instrument's expiry or cancellation: sub-clause "(iii)(C)" under the anti-dilution clause when the charter has it.</summary>
    private string ReadjustmentClause() => AntiDilutionRule("(iii)(C)");

    // ---- the facts the formula needs ----------------------------------------------------------------------

    /// <summary>FOURTH §6(d)(i)(B): "the date on which the first share of the Series D1 Preferred Stock was first issued".</summary>
    private DateOnly? OriginalIssueDate() =>
        Charter.AntiDilution?.OriginalIssueDate is { } r && _firstIssue.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>
    /// A series' own Original Issue Date: the first issue of the series its own anti-dilution terms name
    /// (series.antiDilution.originalIssueDate), else of the series the charter names (antiDilution.originalIssueDate).
    /// </summary>
    private DateOnly? OriginalIssueDate(PreferredSeries s) =>
        (s.AntiDilution?.OriginalIssueDate ?? Charter.AntiDilution?.OriginalIssueDate) is { } r && _firstIssue.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>Whether some series' Original Issue Date has passed: from then on the issues and rescalings are kept for readjustments.</summary>
    private bool AnyOriginalIssueDate() => Charter.Series.Any(s => MethodOf(s) != AntiDilutionTerms.NoProtection && OriginalIssueDate(s) is not null);

    /// <summary>
    /// The method protecting a series: its own (series.antiDilution.method), else the charter's for a series in
    /// antiDilution.appliesTo, else none.
    /// </summary>
    private string MethodOf(PreferredSeries s) =>
        s.AntiDilution?.Method ?? (Charter.AntiDilution is { } ad && ad.AppliesTo.Contains(s.Id) ? ad.Method : AntiDilutionTerms.NoProtection);

    /// <summary>
    /// Per series in charter order, whether an issue on <paramref name="date"/> under <paramref name="exclusion"/> is an
    /// issue of Additional Shares for it: a method other than none, "issued … after the Original Issue Date" (strictly
    /// after that day, docs/interpretations.md) of the series' own date, and not one of the series' own exclusions (all
    /// of the charter's when the series names none). Null when it adjusts no series.
    /// </summary>
    private bool[]? Eligible(DateOnly date, string? exclusion, DateOnly? grantedOn = null)
    {
        var series = Charter.Series;
        bool[]? eligible = null;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (MethodOf(s) == AntiDilutionTerms.NoProtection || OriginalIssueDate(s) is not { } oid || date <= oid) continue;
            // An instrument granted after a series' Original Issue Date was deemed issued for it when granted.
            if (grantedOn is { } g && g > oid) continue;
            if (exclusion is not null && (s.AntiDilution?.Exclusions is not { } own || own.Contains(exclusion))) continue;
            eligible ??= new bool[series.Count];
            eligible[i] = true;
        }

        return eligible;
    }

    /// <summary>
    /// The narrow base of a narrow-based weighted average: the common outstanding plus the preferred outstanding as
    /// converted at the prices in effect (rounded down per series), without Options, Convertible Securities or preferred
    /// under warrants (docs/interpretations.md, "Narrow-based weighted average").
    /// </summary>
    private long NarrowBaseCommon()
    {
        var c = Charter;
        long a = CommonOutstandingAll();
        foreach (var s in c.Series)
        {
            var n = _outstanding.GetValueOrDefault(s.Id);
            if (n > 0) a += ExactPriceOf(s.Id).WholeSharesFor(n * s.OriginalIssuePrice.Value);
        }

        return a;
    }

    /// <summary>
    /// A of FOURTH §6(d)(iv): common outstanding, plus "all shares of Common Stock issuable upon conversion of
    /// outstanding Options, Convertible Securities and the Preferred Stock". Preferred (and warrants on preferred) count
    /// as converted at the prices in effect, rounded down per series. Running totals: O(series).
    /// </summary>
    private long FullyDilutedCommon()
    {
        var c = Charter;
        long a = CommonOutstandingAll() + CommonReservedAll();
        foreach (var s in c.Series)
        {
            var pending = _outstanding.GetValueOrDefault(s.Id) + _instrumentReserved.GetValueOrDefault(s.Id);
            if (pending > 0) a += ExactPriceOf(s.Id).WholeSharesFor(pending * s.OriginalIssuePrice.Value);
        }

        return a;
    }

    /// <summary>A step with A in parts: the preferred counted at the prices in effect, the rest as the remainder.</summary>
    private IssueStep Step(long a, decimal shares, decimal consideration, bool[]? eligible = null)
    {
        var series = Charter.Series;
        var pending = new long[series.Count];
        var outstanding = new long[series.Count];
        var prices = new ExactPrice[series.Count];
        long preferred = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            outstanding[i] = _outstanding.GetValueOrDefault(s.Id);
            pending[i] = outstanding[i] + _instrumentReserved.GetValueOrDefault(s.Id);
            prices[i] = ExactPriceOf(s.Id);
            if (pending[i] > 0) preferred += prices[i].WholeSharesFor(pending[i] * s.OriginalIssuePrice.Value);
        }

        return new IssueStep(a, shares, consideration, _ad.SplitScale, null, a - preferred, pending, prices,
            CommonOutstandingAll(), outstanding, eligible);
    }

    /// <summary>The series some anti-dilution method protects (their own or the charter's), in charter order.</summary>
    private IEnumerable<string> AdjustedSeries() =>
        Charter.Series.Where(s => MethodOf(s) != AntiDilutionTerms.NoProtection).Select(s => s.Id);

    /// <summary>
    /// FOURTH §6(d)(ii) and (iv): each series is tested against its own conversion price and adjusted on its own, by its
    /// own method (broad- or narrow-based weighted average, or full ratchet), with A taken immediately before the issue.
    /// A series for which the issue is not one of Additional Shares (before its Original Issue Date, or one of its
    /// exclusions) is left alone. <paramref name="aOverride"/> is the broad A when the caller has it (a short option's).
    /// </summary>
    private void AdjustForIssue(DateOnly date, decimal shares, decimal consideration, string rule, string? grantId, string reason, string? exclusion,
        long? aOverride = null, DateOnly? grantedOn = null)
    {
        if (shares <= 0 || Eligible(date, exclusion, grantedOn) is not { } eligible) return;
        var broad = FullyDilutedCommon();
        var a = aOverride ?? broad;
        var series = Charter.Series;
        // The narrow base leaves the instruments out; a short option's exercised shares are left out of it as of the broad
        // A. Both are taken before any series moves (the same A for every series).
        long? narrow = null;
        for (var i = 0; i < series.Count; i++)
            if (eligible[i] && MethodOf(series[i]) == AntiDilutionTerms.NarrowBased) narrow = NarrowBaseCommon() - (broad - a);
        var perShare = consideration / shares;
        _ad.Steps.Add(Step(a, shares, consideration, eligible));
        for (var i = 0; i < series.Count; i++)
        {
            if (!eligible[i]) continue;
            var s = series[i].Id;
            var method = MethodOf(series[i]);
            var before = _conversionPrices[s];
            var exactBefore = ExactPriceOf(s);
            if (!WeightedAverage.Triggers(consideration, shares, exactBefore)) continue;
            decimal after;
            AdjustmentInputs inputs;
            if (method == AntiDilutionTerms.FullRatchet)
            {
                var (ratcheted, raw) = FullRatchet.Adjust(exactBefore, consideration, shares);
                after = ratcheted.Display;
                inputs = new AdjustmentInputs(rule == "short-option" ? rule : "full-ratchet", C: shares, AggregateConsideration: consideration, ConsiderationPerShare: perShare, Unrounded: raw, GrantId: grantId);
                if (grantId is not null)
                    _ad.Deemed[(grantId, s)] = new DeemedAdjustment(grantId, s, date, 0m, shares, exactBefore, 1m, _ad.SplitScale, _ad.Steps.Count);
            }
            else
            {
                var aS = method == AntiDilutionTerms.NarrowBased ? narrow!.Value : a;
                var (wa, raw, b) = WeightedAverage.Adjust(exactBefore, aS, consideration, shares);
                after = wa;
                inputs = new AdjustmentInputs(method == AntiDilutionTerms.NarrowBased && rule == "weighted-average" ? "narrow-weighted-average" : rule,
                    A: aS, B: b, C: shares, AggregateConsideration: consideration, ConsiderationPerShare: perShare, Unrounded: raw, GrantId: grantId);
                if (grantId is not null)
                    _ad.Deemed[(grantId, s)] = new DeemedAdjustment(grantId, s, date, aS, shares, exactBefore, WeightedAverage.Factor(aS, b, shares), _ad.SplitScale, _ad.Steps.Count);
            }

            if (after == before) continue;
            SetPrice(s, after);
            _cpHistory.Add(new ConversionPriceChange(date, s, before, after, rule == "short-option" ? ShortOptionClause() : AdjustmentClause(series[i]), _currentSequence, reason, inputs));
        }
    }

    /// <summary>
    /// A refusal when an issue would take a full-ratchet series' conversion price to $0.00 (the series would convert
    /// into unlimited common): the ratchet has no floor in the charter, so the issue is refused rather than the price invented.
    /// </summary>
    private Refusal? RatchetToZero(DateOnly date, decimal shares, decimal consideration, string? exclusion, string field)
    {
        if (shares <= 0 || Eligible(date, exclusion) is not { } eligible) return null;
        for (var i = 0; i < Charter.Series.Count; i++)
        {
            var s = Charter.Series[i];
            if (eligible[i] && MethodOf(s) == AntiDilutionTerms.FullRatchet && FullRatchet.WouldReachZero(ExactPriceOf(s.Id), consideration, shares))
                return new Refusal(field, Px(shares == 0 ? 0 : consideration / shares),
                    $"is a consideration per share that would ratchet the {s.Name} conversion price to $0.00 (full ratchet, to the nearest cent); record the consideration actually received, or the exclusion the issue falls under",
                    Clause.Of(AdjustmentClause(s)));
        }

        return null;
    }

    // ---- hooks called from the issuance and instrument evolves (the §6(d) bookkeeping) --------------------

    /// <summary>Before the shares are booked: an issue of Additional Shares of Common Stock (§6(d)(i)(D), (iv)).</summary>
    private void OnSharesIssued(SharesIssued e)
    {
        if (Eligible(e.Date, e.Exclusion) is null) return;
        if (!Charter.IsCommon(e.Security))
        {
            // Preferred is not "Common Stock" and the charter's Preferred Stock is excluded from "Convertible Securities"
            // (§6(d)(i)(C)); a series the charter names as a Convertible Security (e.g. added by an amendment outside the
            // defined Preferred Stock) is a deemed issue of the common it converts into, at the consideration received.
            if (Charter.AntiDilution is not { } ad || !ad.ConvertibleSecuritySeries.Contains(e.Security)) return;
            var series = Charter.FindSeries(e.Security)!;
            var common = ExactPriceOf(e.Security).Quotient(e.Shares * series.OriginalIssuePrice.Value);
            AdjustForIssue(e.Date, common, e.Shares * e.PricePerShare, "deemed-issue", null,
                $"{N(e.Shares)} {series.Name} issued to {e.Holder} at {Px(e.PricePerShare)}, a Convertible Security deemed issued as {Px(common)} common", e.Exclusion);
            return;
        }

        AdjustForIssue(e.Date, e.Shares, e.Shares * e.PricePerShare, "weighted-average", null,
            $"{N(e.Shares)} common issued to {e.Holder} at {Px(e.PricePerShare)} ({e.ConsiderationKind})", e.Exclusion);
    }

    /// <summary>Before the instrument is booked: the deemed issue of §6(d)(iii), priced by §6(d)(v)(B).</summary>
    private void OnInstrumentGranted(InstrumentGranted e)
    {
        // "Options" are rights to acquire Common Stock or Convertible Securities (§6(d)(i)(A)); a warrant on preferred is neither.
        if (!Charter.IsCommon(e.Underlying) || Eligible(e.Date, e.Exclusion) is null) return;
        _ad.TakeUp[e.GrantId] = new InstrumentTakeUp(0m, 0m, _ad.SplitScale);
        if (Charter.AntiDilution?.ShortOptionDays is { } shortDays && e.Kind != "convertible"
            && e.Expires is { } x && x.DayNumber - e.Date.DayNumber <= shortDays.Value)
        {
            _ad.ShortOptions.Add(e.GrantId);   // §6(d)(iii)(E): nothing until they expire or are all exercised
            return;
        }

        var consideration = e.ConsiderationReceived + e.MaxShares * e.ExercisePrice;   // §6(d)(v)(B)(1)
        AdjustForIssue(e.Date, e.MaxShares, consideration, "deemed-issue", e.GrantId,
            $"{e.Kind} {e.GrantId} over {N(e.MaxShares)} common to {e.Holder} at {Px(e.ExercisePrice)} deemed issued", e.Exclusion);
    }

    /// <summary>After an exercise: what was actually issued and received (§6(d)(iii)(C)(1)); (A) no adjustment; (E) settles.</summary>
    private void OnInstrumentExercised(Instrument before, InstrumentExercised e)
    {
        if (!_ad.TakeUp.TryGetValue(before.GrantId, out var t))
        {
            OnEarlierInstrumentExercised(before, e);
            return;
        }

        _ad.TakeUp[before.GrantId] = t with
        {
            ExercisedInGrantUnits = t.ExercisedInGrantUnits + e.Shares * t.SplitScaleAtGrant / _ad.SplitScale,
            ExerciseConsideration = t.ExerciseConsideration + before.ExerciseAmount(e.Shares),
        };
        if (_ad.ShortOptions.Contains(before.GrantId) && before.Outstanding == e.Shares) SettleShortOption(before, e.Date);
    }

    /// <summary>
    /// The exercise, after the Original Issue Date, of an option or warrant on common granted on or before it (so never
    /// deemed issued). Under the literal reading (charter antiDilution.earlierInstruments absent or "additional-shares")
    /// the common issued is Additional Shares of Common Stock, as no exclusion covers it: tested like any issue, at the
    /// exercise price paid (what the company receives for this issue). "excluded" keeps the earlier reading: no test.
    /// </summary>
    private void OnEarlierInstrumentExercised(Instrument before, InstrumentExercised e)
    {
        if (Charter.AntiDilution is not { EarlierExercisesAreAdditionalShares: true } || !Charter.IsCommon(before.Underlying) || before.Exclusion is not null) return;
        // Each series whose Original Issue Date is on or after the grant and before the exercise (Eligible, grantedOn).
        AdjustForIssue(e.Date, e.Shares, before.ExerciseAmount(e.Shares), "weighted-average", null,
            $"{N(e.Shares)} common issued on exercise of {before.GrantId} (granted {Iso(before.GrantedOn)}, on or before the Original Issue Date) at {Px(before.ExercisePrice)}",
            exclusion: null, grantedOn: before.GrantedOn);
    }

    /// <summary>
    /// After a cancellation: a short option with nothing left is settled like an expiry. Under the default reading of
    /// §6(d)(iii)(C) (charter antiDilution.cancellation, docs/interpretations.md) a cancellation of deemed-issued options
    /// readjusts as an expiry does: the original adjustment recomputed with the shares actually issued plus those still
    /// outstanding, at the consideration actually received plus the remaining exercise price.
    /// </summary>
    private void OnInstrumentCancelled(Instrument before, InstrumentCancelled e)
    {
        if (_ad.ShortOptions.Contains(before.GrantId))
        {
            if (before.Outstanding == e.Shares) SettleShortOption(before, e.Date);
            return;
        }

        if (Charter.AntiDilution is not { CancellationReadjusts: true } || !_ad.TakeUp.TryGetValue(before.GrantId, out var t)) return;
        var remaining = before.Outstanding - e.Shares;
        var shares = t.ExercisedInGrantUnits + remaining * t.SplitScaleAtGrant / _ad.SplitScale;
        var consideration = before.ConsiderationReceived + t.ExerciseConsideration + before.ExerciseAmount(remaining);
        Readjust(before.GrantId, e.Date, "cancellation", ReadjustmentClause(), shares, consideration,
            $"{N(e.Shares)} unexercised shares of {before.GrantId} cancelled" + (remaining > 0 ? $" ({N(remaining)} remain)" : ""), remove: remaining == 0);
    }

    /// <summary>After an expiry: §6(d)(iii)(C) recomputes the original adjustment; (E) settles a short option.</summary>
    private void OnInstrumentExpired(Instrument before, InstrumentExpired e)
    {
        if (_ad.ShortOptions.Contains(before.GrantId))
        {
            SettleShortOption(before, e.Date);
            return;
        }

        if (!_ad.TakeUp.TryGetValue(before.GrantId, out var t)) return;
        Readjust(before.GrantId, e.Date, "expiry", ReadjustmentClause(), t.ExercisedInGrantUnits, before.ConsiderationReceived + t.ExerciseConsideration,
            $"{before.GrantId} expired with {N(before.Outstanding)} shares unexercised", remove: true);
    }

    /// <summary>After a split: §6(e)(i) moved the prices; the (D) cap on the original adjustment date moves with them.</summary>
    private void OnStockSplit(StockSplit e)
    {
        _ad.SplitScale = _ad.SplitScale * e.Numerator / e.Denominator;
        if (AnyOriginalIssueDate()) _ad.Steps.Add(new IssueStep(0, 0, 0, _ad.SplitScale, new Fraction(e.Denominator, e.Numerator)));
    }

    /// <summary>
    /// FOURTH §6(d)(iii)(E): options expiring within 30 days of issue adjust only when they expire or are all exercised,
    /// and then for the shares actually issued at the consideration actually received. A is taken without those shares
    /// (they were issued by the exercises now being accounted for).
    /// </summary>
    private void SettleShortOption(Instrument i, DateOnly date)
    {
        _ad.ShortOptions.Remove(i.GrantId);
        var t = _ad.TakeUp[i.GrantId];
        var issued = t.ExercisedInGrantUnits * _ad.SplitScale / t.SplitScaleAtGrant;
        if (issued <= 0) return;
        var a = FullyDilutedCommon() - Rounding.RoundDownToWholeShares(issued);
        AdjustForIssue(date, issued, i.ConsiderationReceived + t.ExerciseConsideration, "short-option", i.GrantId,
            $"short option {i.GrantId}: {Px(issued)} shares issued on exercise, accounted for at its end", i.Exclusion, a);
        foreach (var s in AdjustedSeries()) _ad.Deemed.Remove((i.GrantId, s));
    }

    /// <summary>
    /// FOURTH §6(d)(iii)(B)/(C) with the (D) cap. The original adjustment is recomputed from its own facts (A and the
    /// price before it) with the shares actually (or now) issuable and the consideration actually (or now) receivable,
    /// rounded to the cent as the original was; the later adjustments "based thereon" are then replayed on it, every
    /// one of them, exactly (<see cref="Replay"/>; the charter sets no limit on their number). The result may not exceed
    /// the lower of (D)(i) the price on the original adjustment date (the price before it, moved by the §6(e) events
    /// since) and (D)(ii) the price the later issues alone would have produced (the same replay, started from the price
    /// before the original adjustment, without the instrument's shares). See docs/interpretations.md.
    /// </summary>
    private void Readjust(string grantId, DateOnly date, string rule, string clause, decimal sharesInGrantUnits, decimal consideration, string reason, bool remove)
    {
        var records = AdjustedSeries().Select(s => _ad.Deemed.GetValueOrDefault((grantId, s))).OfType<DeemedAdjustment>().ToArray();
        if (records.Length == 0) return;
        var first = records[0];
        var series = Charter.Series;
        // The deemed issue's own step holds the prices immediately before it (every series, exact).
        var before = _ad.Steps[first.StepIndex - 1].PricesBefore!;
        var recomputedStart = new ExactPrice[series.Count];
        for (var k = 0; k < series.Count; k++)
        {
            var d = records.FirstOrDefault(r => r.Series == series[k].Id);
            recomputedStart[k] = d is null ? before[k]
                : MethodOf(series[k]) == AntiDilutionTerms.FullRatchet
                    ? sharesInGrantUnits > 0 ? FullRatchet.Adjust(d.PriceBefore, consideration, sharesInGrantUnits).NewPrice : d.PriceBefore
                    : ExactPrice.Of(WeightedAverage.RecomputeToNearestCent(d.PriceBefore, d.A, consideration, sharesInGrantUnits));
        }

        var (replayed, _) = Replay(first, recomputedStart, first.C - sharesInGrantUnits);
        var (capped, scaledOnly) = Replay(first, before, first.C);

        foreach (var d in records)
        {
            var s = d.Series;
            var k = IndexOfSeries(s);
            var now = _conversionPrices[s];
            var b = d.PriceBefore.Quotient(consideration);
            var ratchet = MethodOf(series[k]) == AntiDilutionTerms.FullRatchet;
            var recomputedFactor = ratchet ? 1m : WeightedAverage.Factor(d.A, b, sharesInGrantUnits);
            var recomputed = replayed[k];
            var capOriginal = scaledOnly[k];   // (D)(i)
            var capLater = capped[k];          // (D)(ii)
            var after = ExactPrice.Min(recomputed, ExactPrice.Min(capOriginal, capLater));
            if (remove) _ad.Deemed.Remove((grantId, s));
            else _ad.Deemed[(grantId, s)] = d with { Factor = recomputedFactor };
            if (after.Display == now && after.Value == ExactPriceOf(s).Value) continue;
            _exactPrices[s] = after;
            _conversionPrices[s] = after.Display;
            if (after.Display == now) continue;
            _cpHistory.Add(new ConversionPriceChange(date, s, now, after.Display, after.Value < recomputed.Value ? clause + ", (D)" : clause, _currentSequence, reason,
                new AdjustmentInputs(rule, A: ratchet ? null : d.A, B: ratchet ? null : b, C: sharesInGrantUnits, AggregateConsideration: consideration,
                    ConsiderationPerShare: sharesInGrantUnits == 0 ? null : consideration / sharesInGrantUnits, Unrounded: recomputed.Display,
                    GrantId: grantId, OriginalFactor: d.Factor, RecomputedFactor: recomputedFactor, Recomputed: recomputed.Display,
                    CapOriginalDate: capOriginal.Display, CapLaterIssues: capLater.Display)));
        }
    }

    private int IndexOfSeries(string id)
    {
        var series = Charter.Series;
        for (var i = 0; i < series.Count; i++)
            if (series[i].Id == id) return i;
        throw new ArgumentException($"unknown series {id}", nameof(id));
    }

    /// <summary>
    /// The prices <paramref name="start"/> (per series in charter order, as of just before the original adjustment's
    /// step is replayed on) carried exactly through every later step, however many: each §6(e) rescaling moves them by
    /// its exact factor; each issue's A is rebuilt from its parts at the replayed prices, less
    /// <paramref name="removedShares"/> (in the units of the adjustment date, carried through the rescalings); each
    /// series is tested (§6(d)(ii)) and rounded (§6(d)(iv)) as it was. O(steps × series); A is rebuilt only for a step
    /// that adjusts some series. Also returns <paramref name="start"/> moved by the rescalings alone (the (D)(i) cap).
    /// </summary>
    private (ExactPrice[] Replayed, ExactPrice[] ScaledOnly) Replay(DeemedAdjustment d, ExactPrice[] start, decimal removedShares)
    {
        var series = Charter.Series;
        var x = (ExactPrice[])start.Clone();
        var scaled = (ExactPrice[])start.Clone();
        var adjusted = AdjustedSeries().Select(IndexOfSeries).ToArray();
        var methods = series.Select(MethodOf).ToArray();
        var oip = series.Select(s => s.OriginalIssuePrice.Value).ToArray();
        var shareScale = new Fraction(1, 1);   // later share units per share of the adjustment date
        var triggered = new bool[series.Count];
        for (var j = d.StepIndex; j < _ad.Steps.Count; j++)
        {
            var step = _ad.Steps[j];
            if (step.PriceScale is { } k)
            {
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = x[i].Scaled(k.Numerator, k.Denominator);
                    scaled[i] = scaled[i].Scaled(k.Numerator, k.Denominator);
                }

                shareScale = shareScale.Times(k.Denominator, k.Numerator);
                continue;
            }

            var any = false;
            foreach (var i in adjusted)
                any |= triggered[i] = (step.Eligible is null || step.Eligible[i]) && WeightedAverage.Triggers(step.Consideration, step.C, x[i]);
            if (!any) continue;
            // A is rebuilt only for the methods that need it: the broad base (the instrument's removed shares taken out),
            // the narrow base (no instruments in it, so nothing to take out). Both at the replayed prices.
            decimal? broad = null, narrow = null;
            foreach (var i in adjusted)
            {
                if (!triggered[i]) continue;
                switch (methods[i])
                {
                    case AntiDilutionTerms.FullRatchet:
                        x[i] = FullRatchet.Adjust(x[i], step.Consideration, step.C).NewPrice;
                        break;
                    case AntiDilutionTerms.NarrowBased:
                        narrow ??= NarrowBase(step, x, oip);
                        x[i] = ExactPrice.Of(WeightedAverage.RecomputeToNearestCent(x[i], narrow.Value, step.Consideration, step.C));
                        break;
                    default:
                        broad ??= BroadBase(step, x, oip, removedShares, shareScale);
                        x[i] = ExactPrice.Of(WeightedAverage.RecomputeToNearestCent(x[i], broad.Value, step.Consideration, step.C));
                        break;
                }
            }
        }

        return (x, scaled);
    }

    /// <summary>A step's broad A at replayed prices, less the instrument's removed shares (carried through the rescalings).</summary>
    private static decimal BroadBase(IssueStep step, ExactPrice[] x, decimal[] oip, decimal removedShares, Fraction shareScale)
    {
        decimal a = step.NonPreferred - (shareScale.Numerator == shareScale.Denominator
            ? removedShares
            : (Rational.Of(removedShares) * Rational.Of(shareScale)).ToDecimal());
        for (var i = 0; i < x.Length; i++)
            if (step.Pending![i] > 0) a += x[i].WholeSharesFor(step.Pending[i] * oip[i]);
        return a;
    }

    /// <summary>A step's narrow A at replayed prices: its common outstanding and its preferred outstanding as converted.</summary>
    private static decimal NarrowBase(IssueStep step, ExactPrice[] x, decimal[] oip)
    {
        decimal a = step.CommonOutstanding;
        for (var i = 0; i < x.Length; i++)
            if (step.Outstanding is { } o && o[i] > 0) a += x[i].WholeSharesFor(o[i] * oip[i]);
        return a;
    }

    // ---- conversions ----------------------------------------------------------------------------------------

    private Refusal? Decide(PreferredConverted e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (e.Lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        if (e.Mode is not ("voluntary" or "automatic"))
            return new Refusal("mode", e.Mode, "must be voluntary or automatic", CiteNear(Charter.Conversion?.Optional?.Clause, "(b)", up: 2));
        var derived = DeriveConversion(e.Holder, e.Lots, e.Date, e.FractionPricePerCommonShare);
        if (!derived.IsOk) return derived.Refusal;
        if (e.Mode == "voluntary" && NotYetConvertible(e.Holder, e.Lots, e.Date) is { } early) return early;
        if (e.CommonIssued is < 0) return new Refusal("common-issued", N(e.CommonIssued.Value), "must not be negative");
        return null;
    }

    private void Evolve(PreferredConverted e)
    {
        var derived = DeriveConversion(e.Holder, e.Lots, e.Date, e.FractionPricePerCommonShare).Value;
        var recorded = derived;
        if (e.CommonIssued is { } stored)
        {
            recorded = new HolderConversion(e.Holder, stored, e.CashForFraction ?? 0m);
            Track("conversion", e.Holder, recorded.CommonIssued, derived.CommonIssued, recorded.CashForFraction, derived.CashForFraction);
        }
        else if (IsDeciding)
        {
            StoreDecided(e with { CommonIssued = derived.CommonIssued, CashForFraction = derived.CashForFraction });
            Track("conversion", e.Holder, derived.CommonIssued, derived.CommonIssued, derived.CashForFraction, derived.CashForFraction);
        }

        BookConversion(e.Holder, e.Lots, recorded.CommonIssued);
    }

    /// <summary>
    /// A charter whose optional conversion runs "at any time after the date of issuance of such share" (Juniper FOURTH
    /// §6(a)(i); charter field conversion.optional.from = after-issue-date): the shares issued to the holder on the
    /// conversion date itself are not yet convertible. Shares received by transfer were issued earlier and count.
    /// </summary>
    private Refusal? NotYetConvertible(string holder, IReadOnlyList<ConvertedLot> lots, DateOnly date)
    {
        if (Charter.Conversion?.Optional is not { OnlyAfterIssueDate: true } optional) return null;
        foreach (var lot in lots)
        {
            if (!_latestIssue.TryGetValue((holder, lot.Series), out var issued) || issued.Date < date) continue;
            var convertible = Math.Max(0, _positions.GetValueOrDefault((holder, lot.Series)) - issued.Shares);
            if (lot.Shares > convertible)
                return new Refusal("date", Iso(date),
                    $"{N(issued.Shares)} of {holder}'s shares of {SecurityName(lot.Series)} were issued on {Iso(issued.Date)}; a share converts only after the date of its issuance ({N(convertible)} convertible that day): date the conversion {Iso(date.AddDays(1))} or later",
                    Clause.Of(optional.Clause));
        }

        return null;
    }

    /// <summary>
    /// FOURTH §6(a)(i), §6(g)(i): checks the lots against the holder's positions and derives the common issuable
    /// (Σ shares × OIP ÷ CP, rounded down once) and the cash for the fraction. Pure: the decide and the evolve both call it.
    /// </summary>
    private Result<HolderConversion> DeriveConversion(string holder, IReadOnlyList<ConvertedLot> lots, DateOnly date, decimal fractionPrice)
    {
        if (CheckHolder("holder", holder) is { } r1) return r1;
        if (lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var exactCommon = Rational.Zero;
        foreach (var lot in lots)
        {
            var s = Charter.FindSeries(lot.Series);
            if (s is null) return new Refusal("series", lot.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})");
            if (!seen.Add(lot.Series)) return new Refusal("series", lot.Series, "appears twice in one conversion");
            if (lot.Shares <= 0) return new Refusal("shares", N(lot.Shares), "must be a positive number of shares");
            var held = _positions.GetValueOrDefault((holder, lot.Series));
            if (lot.Shares > held)
                return new Refusal("shares", N(lot.Shares), $"{holder} holds only {N(held)} shares of {s.Name} on {Iso(date)}", Cite(Charter.Conversion?.Optional?.Clause));
            exactCommon += ExactPriceOf(lot.Series).Into(lot.Shares * s.OriginalIssuePrice.Value);
        }

        var common = Rounding.RoundDownToWholeShares(exactCommon);
        return new HolderConversion(holder, common, Rounding.FractionCashToNearestCent((exactCommon - common) * fractionPrice));
    }

    /// <summary>FOURTH §9: the converted preferred is cancelled and not reissuable; the common delivered is booked.</summary>
    private void BookConversion(string holder, IReadOnlyList<ConvertedLot> lots, long common)
    {
        // Converting preferred releases its own reservation, so only the common outstanding limit can bind here.
        foreach (var lot in lots)
        {
            AddPosition(holder, lot.Series, -lot.Shares);
            _retired[lot.Series] = _retired.GetValueOrDefault(lot.Series) + lot.Shares;
        }

        if (common > 0) AddPosition(holder, Charter.ConversionCommonId, common);
    }

    /// <summary>The common outstanding, every class of common together (the anti-dilution formulas' common outstanding).</summary>
    private long CommonOutstandingAll()
    {
        long n = 0;
        foreach (var k in Charter.CommonClasses) n += _outstanding.GetValueOrDefault(k.Id);
        return n;
    }

    /// <summary>The shares of common reserved for instruments over common, every class together.</summary>
    private long CommonReservedAll()
    {
        long n = 0;
        foreach (var k in Charter.CommonClasses) n += _instrumentReserved.GetValueOrDefault(k.Id);
        return n;
    }

    private Refusal? Decide(ConversionPriceSet e)
    {
        if (Charter.FindSeries(e.Series) is null)
            return new Refusal("series", e.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})");
        if (e.Price <= 0) return new Refusal("conversion-price", Px(e.Price), "must be positive", string.IsNullOrWhiteSpace(e.Clause) ? null : Clause.Of(e.Clause));
        if (string.IsNullOrWhiteSpace(e.Clause)) return new Refusal("clause", "(none)", "a conversion-price change must cite the clause that makes it");
        return null;
    }

    private void Evolve(ConversionPriceSet e)
    {
        var from = _conversionPrices[e.Series];
        if (from == e.Price) return;
        SetPrice(e.Series, e.Price);
        _cpHistory.Add(new ConversionPriceChange(e.Date, e.Series, from, e.Price, e.Clause, _currentSequence, e.Reason));
    }

    private Refusal? Decide(RegistrationFiled e) =>
        e.Kind is not ("underwritten-ipo" or "employee-plan" or "rule-145")
            ? new Refusal("kind", e.Kind, "must be underwritten-ipo, employee-plan or rule-145", Cite(Charter.ConversionPriceResets.FirstOrDefault()?.Clause))
            : null;

    private void Evolve(RegistrationFiled e) => _ad.LastFiling = new RegistrationFiling(e.Date, e.Kind, _currentSequence);

    // ---- automatic conversion -----------------------------------------------------------------------------

    /// <summary>FOURTH §6(a)(ii), §6(c): the offering's plan (the D1 reset and the series that convert), from the state before it.</summary>
    /// <remarks>
    /// The dollar bars move with splits and stock dividends (the parenthetical of FOURTH §6(a)(ii)(a)): the split
    /// factors of the conversion-price history are passed, so that after a split the bars are the initial prices
    /// moved by it. What moves the bars is the event's (v3; when deciding a new event without one, the charter's);
    /// a v1/v2 event, recorded before the event carried it, folds as it was recorded, on the prices in effect.
    /// </remarks>
    private Result<OfferingPlan> PlanOffering(PublicOfferingClosed e) =>
        PublicOffering.Plan(Charter, _conversionPrices, OriginalIssueDate(), _ad.LastFiling,
            new OfferingTerms(e.Date, e.PricePerShare, e.AggregateProceeds, e.Kind), e.PriceTestReading,
            PublicOffering.SplitFactors(Charter, _cpHistory), e.BarAdjustment ?? (IsDeciding ? null : PublicOffering.InEffect),
            anchorOf: id => Charter.FindSeries(id) is { } s ? OriginalIssueDate(s) : null);

    /// <summary>The shares sold to the public, as the issue of common they are (held by the offering's registry holder).</summary>
    private SharesIssued PublicIssue(PublicOfferingClosed e, long sold) =>
        new(e.Date, string.IsNullOrWhiteSpace(e.PublicHolder) ? PublicOfferingClosed.DefaultPublicHolder : e.PublicHolder, Charter.Common.Id, sold, e.PricePerShare);

    private Refusal? Decide(PublicOfferingClosed e)
    {
        if (e.AggregateProceeds < 0) return new Refusal("proceeds", Px(e.AggregateProceeds), "must not be negative", Cite(Charter.AutomaticConversion?.PublicOffering?.Clause));
        if (e.FractionPricePerCommonShare is < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare.Value), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        var planned = PlanOffering(e);
        if (!planned.IsOk) return planned.Refusal;
        var plan = planned.Value;
        if (IsDeciding && e.SharesSold is null)
            return new Refusal("shares", "(none)", "record the number of common shares sold to the public in the offering", Clause.Of(plan.Clause));
        // A holder's conversion refusals depend on its positions, not on the prices the reset moves: decided on this state.
        if (DecideConvertAll(plan.Converting, e.FractionPricePerCommonShare ?? e.PricePerShare, e.Conversions) is { } refusal) return refusal;
        if (e.SharesSold is not { } sold) return null;
        if (sold <= 0) return new Refusal("shares", N(sold), "must be a positive number of shares sold in the offering", Clause.Of(plan.Clause));
        var issue = PublicIssue(e, sold);
        if (CheckHolder("public-holder", issue.Holder) is { } noHolder) return noHolder;
        // The issue is decided against the state after the reset and the conversions: on a scratch copy.
        var scratch = Scratch();
        scratch.ConvertForOffering(e, plan);
        return scratch.DecideNested(issue);
    }

    private void Evolve(PublicOfferingClosed e)
    {
        var plan = PlanOffering(e).Value;
        ConvertForOffering(e, plan);
        // The shares sold to the public are Additional Shares of Common Stock issued after the conversion (FOURTH
        // §6(d)); they are held on the register by the offering's registry holder, a stakeholder like any other
        // (`charta ipo` adds it when missing; docs/interpretations.md).
        if (e.SharesSold is { } sold) EvolveNested(PublicIssue(e, sold));
    }

    /// <summary>The offering's §6(c) reset and automatic conversion (and, deciding, the outcomes stored in the event).</summary>
    private void ConvertForOffering(PublicOfferingClosed e, OfferingPlan plan)
    {
        // Every reset the filing triggered, in date order (each series' Original Issue Date, then charter order).
        foreach (var r in plan.Resets.Count > 0 ? plan.Resets : plan.Reset is { } only ? [only] : [])
        {
            if (r.NewPrice is not { } np || np == _conversionPrices[r.Series]) continue;
            var before = _conversionPrices[r.Series];
            SetPrice(r.Series, np);
            _cpHistory.Add(new ConversionPriceChange(e.Date, r.Series, before, np, r.Clause, _currentSequence,
                $"Qualifying Registration Statement filed {Iso(r.FiledOn)}, {r.DaysAfterAnchor} days after the Original Issue Date: {r.PercentOfOfferingPrice}% of the offering price {Px(e.PricePerShare)}",
                new AdjustmentInputs("reset", OfferingPrice: e.PricePerShare, PercentOfOfferingPrice: r.PercentOfOfferingPrice, DaysAfterOriginalIssueDate: r.DaysAfterAnchor)));
        }

        var decided = IsDeciding && e.Conversions is null ? new List<HolderConversion>() : null;
        if (plan.Converting.Count > 0)
        {
            ConvertAll(e.Date, plan.Converting, e.FractionPricePerCommonShare ?? e.PricePerShare, e.Conversions, decided);
            _ad.AutomaticConversions.Add(new AutomaticConversionRecord(e.Date, "public-offering", plan.Converting, _currentSequence, plan.Clause));
        }
        else if (e.Conversions is { Count: > 0 } stored)
        {
            ConvertAll(e.Date, [], 0m, stored, null);
        }

        if (decided is not null)
            StoreDecided(e with
            {
                Conversions = decided, PublicHolder = e.SharesSold is null ? e.PublicHolder : e.PublicHolder ?? PublicOfferingClosed.DefaultPublicHolder,
                BarAdjustment = plan.BarAdjustment,
            });
        else if (IsDeciding && e.BarAdjustment is null)
            StoreDecided(e with { BarAdjustment = plan.BarAdjustment });   // outcomes given: the bar reading is still stored
    }

    private Refusal? Decide(PreferredConversionVoted e)
    {
        var vote = Charter.AutomaticConversion?.PreferredVote;
        if (vote is null) return new Refusal("charter", _charterId, "has no automatic conversion by a vote of the preferred");
        if (string.IsNullOrWhiteSpace(e.Approval)) return new Refusal("approval", "(none)", "the vote needs a record (meeting minutes or written consent)", Clause.Of(vote.Clause));
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        long preferred = 0;
        foreach (var s in Charter.Series) preferred += _outstanding.GetValueOrDefault(s.Id);
        if (preferred == 0) return new Refusal("shares", "0", "there is no preferred outstanding to convert", Clause.Of(vote.Clause));
        if (e.SharesInFavour <= 0 || e.SharesInFavour > preferred)
            return new Refusal("shares", N(e.SharesInFavour), $"must be between 1 and the {N(preferred)} preferred shares outstanding", Clause.Of(vote.Clause));
        if (!vote.Value.IsMet(e.SharesInFavour, preferred, vote.Compare))
            return new Refusal("shares", N(e.SharesInFavour),
                $"is short of {vote.Comparison} {vote.Fraction} of the {N(preferred)} preferred shares outstanding: {N(vote.Value.MinimumToMeet(preferred, vote.Compare))} needed",
                Clause.Of(vote.Clause));
        return DecideConvertAll(Charter.Series.Select(s => s.Id).ToArray(), e.FractionPricePerCommonShare, e.Conversions);
    }

    private void Evolve(PreferredConversionVoted e)
    {
        var vote = Charter.AutomaticConversion!.PreferredVote!;
        var all = Charter.Series.Select(s => s.Id).ToArray();
        var decided = IsDeciding && e.Conversions is null ? new List<HolderConversion>() : null;
        ConvertAll(e.Date, all, e.FractionPricePerCommonShare, e.Conversions, decided);
        if (decided is not null) StoreDecided(e with { Conversions = decided });
        _ad.AutomaticConversions.Add(new AutomaticConversionRecord(e.Date, "preferred-vote", all, _currentSequence, vote.Clause));
    }

    // ---- §6(e) records --------------------------------------------------------------------------------------

    /// <summary>A rule beside the charter's split adjustment (its §6(e)(ii), (iii) in Juniper's numbering), by the clause look-up.</summary>
    private string AdjustmentRule(string path) =>
        ClauseLookup.Near(Charter, Charter.Conversion?.SplitAdjustment?.Clause, path, up: 1) ?? "(the charter cites no adjustment clause)";

    private Refusal? Decide(OtherSecuritiesDistributed e)
    {
        var clause = CiteNear(Charter.Conversion?.SplitAdjustment?.Clause, "(ii)", up: 1);
        if (string.IsNullOrWhiteSpace(e.Security)) return new Refusal("security", $"'{e.Security}'", "name the securities distributed", clause);
        if (Charter.IsCommon(e.Security)) return new Refusal("security", e.Security, "a distribution of common is a subdivision: record it as a split", Cite(Charter.Conversion?.SplitAdjustment?.Clause));
        if (e.AmountPerCommonShare <= 0) return new Refusal("amount", Px(e.AmountPerCommonShare), "must be positive", clause);
        return null;
    }

    private void Evolve(OtherSecuritiesDistributed e)
    {
        foreach (var s in Charter.Series)
            _ad.Entitlements.Add(new ConversionEntitlement(e.Date, s.Id, e.Security,
                ExactPriceOf(s.Id).Quotient(e.AmountPerCommonShare * s.OriginalIssuePrice.Value), _currentSequence, AdjustmentRule("(ii)")));
    }

    private Refusal? Decide(CommonReclassified e)
    {
        var clause = CiteNear(Charter.Conversion?.SplitAdjustment?.Clause, "(iii)", up: 1);
        if (string.IsNullOrWhiteSpace(e.NewClass)) return new Refusal("class", $"'{e.NewClass}'", "name the class the common becomes", clause);
        if (e.SharesPerCommonShare <= 0) return new Refusal("ratio", Px(e.SharesPerCommonShare), "must be positive", clause);
        if (!TryFraction(e.SharesPerCommonShare, out var r))
            return new Refusal("ratio", Px(e.SharesPerCommonShare), "has more digits than a reclassification ratio Charta keeps exactly (at most 18 significant digits)", clause);
        foreach (var s in Charter.Series)
            if (!TryScale(ExactPriceOf(s.Id), r.Denominator, r.Numerator, out _))
                return new Refusal("ratio", Px(e.SharesPerCommonShare),
                    $"would make the cumulative factor of the {s.Name} conversion price since it was last set too large to keep exactly", clause);
        // The outstanding common (and the instruments over it) are reclassified in the same event: checked as they will be.
        return CheckScaledCommon(r.Numerator, r.Denominator, "ratio");
    }

    /// <summary>A positive decimal as an exact fraction of longs (m / 10^scale, reduced), when it fits.</summary>
    private static bool TryFraction(decimal value, out Fraction fraction)
    {
        fraction = new Fraction(1, 1);
        var r = Rational.Of(value);
        if (r.Sign <= 0 || r.Numerator > long.MaxValue || r.Denominator > long.MaxValue) return false;
        fraction = new Fraction((long)r.Numerator, (long)r.Denominator);
        return true;
    }

    private void Evolve(CommonReclassified e)
    {
        var clause = AdjustmentRule("(iii)");
        TryFraction(e.SharesPerCommonShare, out var ratio);
        // The common itself becomes the new class, ratio for one, in the same event (its holders and the holders of
        // options over it, like a split), so that no value moves between the common and the preferred.
        ScaleCommonHoldings(ratio.Numerator, ratio.Denominator);
        _ad.SplitScale = _ad.SplitScale * e.SharesPerCommonShare;
        foreach (var s in Charter.Series)
        {
            var before = _conversionPrices[s.Id];
            var after = ScalePrice(s.Id, ratio.Denominator, ratio.Numerator);
            if (s == Charter.Series[0] && AnyOriginalIssueDate()) _ad.Steps.Add(new IssueStep(0, 0, 0, _ad.SplitScale, new Fraction(ratio.Denominator, ratio.Numerator)));
            _cpHistory.Add(new ConversionPriceChange(e.Date, s.Id, before, after, clause, _currentSequence,
                $"common reclassified into {Px(e.SharesPerCommonShare)} {e.NewClass} per share", new AdjustmentInputs("reclassification")));
        }

        _ad.Target = new ConversionTarget(e.Date, e.NewClass, e.SharesPerCommonShare, _currentSequence, clause);
    }
}
