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
    // ---- the facts the formula needs ----------------------------------------------------------------------

    /// <summary>FOURTH §6(d)(i)(B): "the date on which the first share of the Series D1 Preferred Stock was first issued".</summary>
    private DateOnly? OriginalIssueDate() =>
        Charter.AntiDilution?.OriginalIssueDate is { } r && _firstIssue.TryGetValue(r.Series, out var d) ? d : null;

    /// <summary>"issued … after the Original Issue Date": strictly after that day (docs/interpretations.md).</summary>
    private bool AfterOriginalIssueDate(DateOnly date) => OriginalIssueDate() is { } oid && date > oid;

    /// <summary>
    /// A of FOURTH §6(d)(iv): common outstanding, plus "all shares of Common Stock issuable upon conversion of
    /// outstanding Options, Convertible Securities and the Preferred Stock". Preferred (and warrants on preferred) count
    /// as converted at the prices in effect, rounded down per series. Running totals: O(series).
    /// </summary>
    private long FullyDilutedCommon()
    {
        var c = Charter;
        long a = _outstanding.GetValueOrDefault(c.Common.Id) + _instrumentReserved.GetValueOrDefault(c.Common.Id);
        foreach (var s in c.Series)
        {
            var pending = _outstanding.GetValueOrDefault(s.Id) + _instrumentReserved.GetValueOrDefault(s.Id);
            if (pending > 0) a += Rounding.RoundDownToWholeShares(pending * s.OriginalIssuePrice.Value / _conversionPrices[s.Id]);
        }

        return a;
    }

    /// <summary>The series §6(d) adjusts. Only the broad-based weighted average is implemented; the loader refuses other methods, and "none" adjusts nothing.</summary>
    /// <summary>A step with A in parts: the preferred counted at the prices in effect, the rest as the remainder.</summary>
    private IssueStep Step(long a, decimal shares, decimal consideration)
    {
        var series = Charter.Series;
        var pending = new long[series.Count];
        var prices = new decimal[series.Count];
        long preferred = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            pending[i] = _outstanding.GetValueOrDefault(s.Id) + _instrumentReserved.GetValueOrDefault(s.Id);
            prices[i] = _conversionPrices[s.Id];
            if (pending[i] > 0) preferred += Rounding.RoundDownToWholeShares(pending[i] * s.OriginalIssuePrice.Value / prices[i]);
        }

        return new IssueStep(a, shares, consideration, _ad.SplitScale, null, a - preferred, pending, prices);
    }

    private IEnumerable<string> AdjustedSeries() =>
        Charter.AntiDilution is { Method: "broad-based-weighted-average" } ad ? ad.AppliesTo : [];

    /// <summary>
    /// FOURTH §6(d)(ii) and (iv): each series is tested against its own conversion price and adjusted on its own,
    /// with A taken immediately before the issue (so the same A for every series).
    /// </summary>
    private void AdjustForIssue(DateOnly date, decimal shares, decimal consideration, string rule, string? grantId, string reason, long? aOverride = null)
    {
        if (shares <= 0) return;
        var a = aOverride ?? FullyDilutedCommon();
        var perShare = consideration / shares;
        _ad.Steps.Add(Step(a, shares, consideration));
        foreach (var s in AdjustedSeries())
        {
            var before = _conversionPrices[s];
            if (!WeightedAverage.Triggers(perShare, before)) continue;
            var (after, raw, b) = WeightedAverage.Adjust(before, a, consideration, shares);
            var map = _ad.History[s] = Map(s).ThenWeightedAverage(a, consideration, shares);
            if (grantId is not null)
                _ad.Deemed[(grantId, s)] = new DeemedAdjustment(grantId, s, date, a, shares, before, WeightedAverage.Factor(a, b, shares), _ad.SplitScale, map, _ad.Steps.Count);
            if (after == before) continue;
            _conversionPrices[s] = after;
            _cpHistory.Add(new ConversionPriceChange(date, s, before, after, rule == "short-option" ? "FOURTH §6(d)(iii)(E)" : WeightedAverage.Clause, _currentSequence, reason,
                new AdjustmentInputs(rule, A: a, B: b, C: shares, AggregateConsideration: consideration, ConsiderationPerShare: perShare, Unrounded: raw, GrantId: grantId)));
        }
    }

    // ---- hooks called from the issuance and instrument evolves (the §6(d) bookkeeping) --------------------

    /// <summary>Before the shares are booked: an issue of Additional Shares of Common Stock (§6(d)(i)(D), (iv)).</summary>
    private void OnSharesIssued(SharesIssued e)
    {
        if (e.Exclusion is not null || !AfterOriginalIssueDate(e.Date)) return;
        if (!Charter.IsCommon(e.Security))
        {
            // Preferred is not "Common Stock" and the charter's Preferred Stock is excluded from "Convertible Securities"
            // (§6(d)(i)(C)); a series the charter names as a Convertible Security (e.g. added by an amendment outside the
            // defined Preferred Stock) is a deemed issue of the common it converts into, at the consideration received.
            if (Charter.AntiDilution is not { } ad || !ad.ConvertibleSecuritySeries.Contains(e.Security)) return;
            var series = Charter.FindSeries(e.Security)!;
            var common = e.Shares * series.OriginalIssuePrice.Value / _conversionPrices[e.Security];
            AdjustForIssue(e.Date, common, e.Shares * e.PricePerShare, "deemed-issue", null,
                $"{N(e.Shares)} {series.Name} issued to {e.Holder} at {Px(e.PricePerShare)}, a Convertible Security deemed issued as {Px(common)} common");
            return;
        }

        AdjustForIssue(e.Date, e.Shares, e.Shares * e.PricePerShare, "weighted-average", null,
            $"{N(e.Shares)} common issued to {e.Holder} at {Px(e.PricePerShare)} ({e.ConsiderationKind})");
    }

    /// <summary>Before the instrument is booked: the deemed issue of §6(d)(iii), priced by §6(d)(v)(B).</summary>
    private void OnInstrumentGranted(InstrumentGranted e)
    {
        // "Options" are rights to acquire Common Stock or Convertible Securities (§6(d)(i)(A)); a warrant on preferred is neither.
        if (!Charter.IsCommon(e.Underlying) || e.Exclusion is not null || !AfterOriginalIssueDate(e.Date)) return;
        _ad.TakeUp[e.GrantId] = new InstrumentTakeUp(0m, 0m, _ad.SplitScale);
        if (Charter.AntiDilution?.ShortOptionDays is { } shortDays && e.Kind != "convertible"
            && e.Expires is { } x && x.DayNumber - e.Date.DayNumber <= shortDays.Value)
        {
            _ad.ShortOptions.Add(e.GrantId);   // §6(d)(iii)(E): nothing until they expire or are all exercised
            return;
        }

        var consideration = e.ConsiderationReceived + e.MaxShares * e.ExercisePrice;   // §6(d)(v)(B)(1)
        AdjustForIssue(e.Date, e.MaxShares, consideration, "deemed-issue", e.GrantId,
            $"{e.Kind} {e.GrantId} over {N(e.MaxShares)} common to {e.Holder} at {Px(e.ExercisePrice)} deemed issued");
    }

    /// <summary>After an exercise: what was actually issued and received (§6(d)(iii)(C)(1)); (A) no adjustment; (E) settles.</summary>
    private void OnInstrumentExercised(Instrument before, InstrumentExercised e)
    {
        if (!_ad.TakeUp.TryGetValue(before.GrantId, out var t)) return;
        _ad.TakeUp[before.GrantId] = t with
        {
            ExercisedInGrantUnits = t.ExercisedInGrantUnits + e.Shares * t.SplitScaleAtGrant / _ad.SplitScale,
            ExerciseConsideration = t.ExerciseConsideration + e.Shares * before.ExercisePrice,
        };
        if (_ad.ShortOptions.Contains(before.GrantId) && before.Outstanding == e.Shares) SettleShortOption(before, e.Date);
    }

    /// <summary>After a cancellation: a short option with nothing left is settled like an expiry.</summary>
    private void OnInstrumentCancelled(Instrument before, InstrumentCancelled e)
    {
        if (_ad.ShortOptions.Contains(before.GrantId) && before.Outstanding == e.Shares) SettleShortOption(before, e.Date);
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
        Readjust(before.GrantId, e.Date, "expiry", "FOURTH §6(d)(iii)(C)", t.ExercisedInGrantUnits, before.ConsiderationReceived + t.ExerciseConsideration,
            $"{before.GrantId} expired with {N(before.Outstanding)} shares unexercised", remove: true);
    }

    /// <summary>After a split: §6(e)(i) moved the prices; the (D) cap on the original adjustment date moves with them.</summary>
    private void OnStockSplit(StockSplit e)
    {
        _ad.SplitScale = _ad.SplitScale * e.Numerator / e.Denominator;
        foreach (var s in AdjustedSeries()) _ad.History[s] = Map(s).ThenScale((decimal)e.Denominator / e.Numerator);
        if (OriginalIssueDate() is not null) _ad.Steps.Add(new IssueStep(0, 0, 0, _ad.SplitScale, (decimal)e.Denominator / e.Numerator));
    }

    private AffineMap Map(string series) => _ad.History.GetValueOrDefault(series, AffineMap.Identity);

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
            $"short option {i.GrantId}: {Px(issued)} shares issued on exercise, accounted for at its end", a);
        foreach (var s in AdjustedSeries()) _ad.Deemed.Remove((i.GrantId, s));
    }

    /// <summary>
    /// FOURTH §6(d)(iii)(B)/(C) with the (D) cap. The original adjustment is recomputed from its own facts (A and the
    /// price before it) with the shares actually (or now) issuable and the consideration actually (or now) receivable,
    /// rounded to the cent as the original was; the later adjustments "based thereon" are then replayed on it: step by
    /// step when at most <see cref="ExactReplaySteps"/> issues followed, else through the series' running adjustment map.
    /// The result may not exceed the lower of (D)(i) the price on the original adjustment date (the price before it,
    /// split-adjusted) and (D)(ii) the price the later issues alone would have produced (the same replay, started from the
    /// price before the original adjustment, without the instrument's shares). See docs/interpretations.md.
    /// </summary>
    private void Readjust(string grantId, DateOnly date, string rule, string clause, decimal sharesInGrantUnits, decimal consideration, string reason, bool remove)
    {
        var records = AdjustedSeries().Select(s => _ad.Deemed.GetValueOrDefault((grantId, s))).OfType<DeemedAdjustment>().ToArray();
        if (records.Length == 0) return;
        var first = records[0];
        var exact = _ad.Steps.Count - first.StepIndex <= ExactReplaySteps && _ad.Steps[first.StepIndex - 1].PricesBefore is not null;
        Dictionary<string, decimal>? replayed = null, capped = null;
        if (exact)
        {
            // Exact replay of every later issue, all series together (A counts each series at its replayed price): once
            // from the recomputed original adjustment, once from the prices before it without the instrument ((D)(ii)).
            var origin = _ad.Steps[first.StepIndex - 1];
            var recomputedStart = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var capStart = new Dictionary<string, decimal>(StringComparer.Ordinal);
            for (var k = 0; k < Charter.Series.Count; k++)
            {
                var id = Charter.Series[k].Id;
                var d = records.FirstOrDefault(r => r.Series == id);
                recomputedStart[id] = d is null ? origin.PricesBefore![k] : Rounding.ToNearestCent(WeightedAverage.Recompute(d.PriceBefore, d.A, consideration, sharesInGrantUnits));
                capStart[id] = origin.PricesBefore![k];
            }

            replayed = Replay(first, recomputedStart, first.C - sharesInGrantUnits);
            capped = Replay(first, capStart, first.C);
        }

        foreach (var d in records)
        {
            var s = d.Series;
            var now = _conversionPrices[s];
            var map = Map(s);
            var b = consideration / d.PriceBefore;
            var recomputedFactor = WeightedAverage.Factor(d.A, b, sharesInGrantUnits);
            var original = Rounding.ToNearestCent(WeightedAverage.Recompute(d.PriceBefore, d.A, consideration, sharesInGrantUnits));
            var raw = exact ? replayed![s] : map.Since(d.Anchor, original);
            var capLater = exact ? capped![s] : Rounding.ToNearestCent(map.Since(d.Anchor, d.PriceBefore));           // (D)(ii)
            var recomputed = Rounding.ToNearestCent(raw);
            var capOriginal = Rounding.SplitAdjustedPrice(d.PriceBefore * d.SplitScaleAtAdjustment / _ad.SplitScale);   // (D)(i)
            var after = Math.Min(recomputed, Math.Min(capOriginal, capLater));
            if (remove) _ad.Deemed.Remove((grantId, s));
            else _ad.Deemed[(grantId, s)] = d with { Factor = recomputedFactor };
            if (after == now) continue;
            _conversionPrices[s] = after;
            _cpHistory.Add(new ConversionPriceChange(date, s, now, after, after < recomputed ? clause + ", (D)" : clause, _currentSequence, reason,
                new AdjustmentInputs(rule, A: d.A, B: b, C: sharesInGrantUnits, AggregateConsideration: consideration,
                    ConsiderationPerShare: sharesInGrantUnits == 0 ? null : consideration / sharesInGrantUnits, Unrounded: raw,
                    GrantId: grantId, OriginalFactor: d.Factor, RecomputedFactor: recomputedFactor, Recomputed: recomputed,
                    CapOriginalDate: capOriginal, CapLaterIssues: capLater)));
        }
    }

    /// <summary>Up to this many later steps a readjustment replays them exactly; beyond, through the running map (O(1)).</summary>
    internal const int ExactReplaySteps = 256;

    /// <summary>
    /// The prices <paramref name="start"/> (as of just after the original adjustment) carried through every later step:
    /// each issue's A is recomputed from its parts at the replayed prices, less <paramref name="removedShares"/> (grant
    /// units, scaled to the step's units); each series is tested (§6(d)(ii)) and rounded (§6(d)(iv)) as it was.
    /// </summary>
    private Dictionary<string, decimal> Replay(DeemedAdjustment d, Dictionary<string, decimal> start, decimal removedShares)
    {
        var x = new Dictionary<string, decimal>(start, StringComparer.Ordinal);
        var series = Charter.Series;
        for (var j = d.StepIndex; j < _ad.Steps.Count; j++)
        {
            var step = _ad.Steps[j];
            if (step.PriceScale is { } k)
            {
                foreach (var s in series) x[s.Id] = Rounding.SplitAdjustedPrice(x[s.Id] * k);
                continue;
            }

            decimal a = step.NonPreferred - removedShares * step.SplitScale / d.SplitScaleAtAdjustment;
            for (var i = 0; i < series.Count; i++)
                if (step.Pending![i] > 0) a += Rounding.RoundDownToWholeShares(step.Pending[i] * series[i].OriginalIssuePrice.Value / x[series[i].Id]);
            foreach (var s in AdjustedSeries())
                if (WeightedAverage.Triggers(step.Consideration / step.C, x[s]))
                    x[s] = Rounding.ToNearestCent(WeightedAverage.Recompute(x[s], a, step.Consideration, step.C));
        }

        return x;
    }

    // ---- conversions ----------------------------------------------------------------------------------------

    private Refusal? Decide(PreferredConverted e)
    {
        if (CheckHolder("holder", e.Holder) is { } r1) return r1;
        if (e.Lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Cite(Charter.Conversion?.FractionalShares?.Clause));
        if (e.Mode is not ("voluntary" or "automatic"))
            return new Refusal("mode", e.Mode, "must be voluntary or automatic", CiteUnder(Charter.Conversion?.Optional?.Clause, "FOURTH §6(a)(i)", "FOURTH §6(b)"));
        var derived = DeriveConversion(e.Holder, e.Lots, e.Date, e.FractionPricePerCommonShare);
        if (!derived.IsOk) return derived.Refusal;
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
    /// FOURTH §6(a)(i), §6(g)(i): checks the lots against the holder's positions and derives the common issuable
    /// (Σ shares × OIP ÷ CP, rounded down once) and the cash for the fraction. Pure: the decide and the evolve both call it.
    /// </summary>
    private Result<HolderConversion> DeriveConversion(string holder, IReadOnlyList<ConvertedLot> lots, DateOnly date, decimal fractionPrice)
    {
        if (CheckHolder("holder", holder) is { } r1) return r1;
        if (lots.Count == 0) return new Refusal("shares", "0", "a conversion needs at least one series and number of shares");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        decimal exactCommon = 0;
        foreach (var lot in lots)
        {
            var s = Charter.FindSeries(lot.Series);
            if (s is null) return new Refusal("series", lot.Series, $"is not a preferred series of {Charter.Company} ({string.Join(", ", Charter.Series.Select(x => x.Id))})");
            if (!seen.Add(lot.Series)) return new Refusal("series", lot.Series, "appears twice in one conversion");
            if (lot.Shares <= 0) return new Refusal("shares", N(lot.Shares), "must be a positive number of shares");
            var held = _positions.GetValueOrDefault((holder, lot.Series));
            if (lot.Shares > held)
                return new Refusal("shares", N(lot.Shares), $"{holder} holds only {N(held)} shares of {s.Name} on {Iso(date)}", Cite(Charter.Conversion?.Optional?.Clause));
            exactCommon += lot.Shares * s.OriginalIssuePrice.Value / _conversionPrices[lot.Series];
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

        if (common > 0) AddPosition(holder, Charter.Common.Id, common);
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
        _conversionPrices[e.Series] = e.Price;
        _cpHistory.Add(new ConversionPriceChange(e.Date, e.Series, from, e.Price, e.Clause, _currentSequence, e.Reason));
    }

    private Refusal? Decide(RegistrationFiled e) =>
        e.Kind is not ("underwritten-ipo" or "employee-plan" or "rule-145")
            ? new Refusal("kind", e.Kind, "must be underwritten-ipo, employee-plan or rule-145", Clause.Of("FOURTH §6(c)"))
            : null;

    private void Evolve(RegistrationFiled e) => _ad.LastFiling = new RegistrationFiling(e.Date, e.Kind, _currentSequence);

    // ---- automatic conversion -----------------------------------------------------------------------------

    /// <summary>FOURTH §6(a)(ii), §6(c): the offering's plan (the D1 reset and the series that convert), from the state before it.</summary>
    private Result<OfferingPlan> PlanOffering(PublicOfferingClosed e) =>
        PublicOffering.Plan(Charter, _conversionPrices, OriginalIssueDate(), _ad.LastFiling,
            new OfferingTerms(e.Date, e.PricePerShare, e.AggregateProceeds, e.Kind), e.PriceTestReading);

    /// <summary>The shares sold to the public, as the issue of common they are (held by the offering's registry holder).</summary>
    private SharesIssued PublicIssue(PublicOfferingClosed e, long sold) =>
        new(e.Date, string.IsNullOrWhiteSpace(e.PublicHolder) ? PublicOfferingClosed.DefaultPublicHolder : e.PublicHolder, Charter.Common.Id, sold, e.PricePerShare);

    private Refusal? Decide(PublicOfferingClosed e)
    {
        if (e.AggregateProceeds < 0) return new Refusal("proceeds", Px(e.AggregateProceeds), "must not be negative", Clause.Of("FOURTH §6(a)(ii)(a)"));
        if (e.FractionPricePerCommonShare is < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare.Value), "must not be negative", Clause.Of("FOURTH §6(g)(i)"));
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
        if (plan.Reset is { NewPrice: { } np } r && np != _conversionPrices[r.Series])
        {
            var before = _conversionPrices[r.Series];
            _conversionPrices[r.Series] = np;
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

        if (decided is not null) StoreDecided(e with { Conversions = decided, PublicHolder = e.SharesSold is null ? e.PublicHolder : e.PublicHolder ?? PublicOfferingClosed.DefaultPublicHolder });
    }

    private Refusal? Decide(PreferredConversionVoted e)
    {
        var vote = Charter.AutomaticConversion?.PreferredVote;
        if (vote is null) return new Refusal("charter", _charterId, "has no automatic conversion by a vote of the preferred");
        if (string.IsNullOrWhiteSpace(e.Approval)) return new Refusal("approval", "(none)", "the vote needs a record (meeting minutes or written consent)", Clause.Of(vote.Clause));
        if (e.FractionPricePerCommonShare < 0)
            return new Refusal("market-price", Px(e.FractionPricePerCommonShare), "must not be negative", Clause.Of("FOURTH §6(g)(i)"));
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

    private Refusal? Decide(OtherSecuritiesDistributed e)
    {
        const string clause = "FOURTH §6(e)(ii)";
        if (string.IsNullOrWhiteSpace(e.Security)) return new Refusal("security", $"'{e.Security}'", "name the securities distributed", Clause.Of(clause));
        if (Charter.IsCommon(e.Security)) return new Refusal("security", e.Security, "a distribution of common is a subdivision: record it as a split", Clause.Of("FOURTH §6(e)(i)"));
        if (e.AmountPerCommonShare <= 0) return new Refusal("amount", Px(e.AmountPerCommonShare), "must be positive", Clause.Of(clause));
        return null;
    }

    private void Evolve(OtherSecuritiesDistributed e)
    {
        foreach (var s in Charter.Series)
            _ad.Entitlements.Add(new ConversionEntitlement(e.Date, s.Id, e.Security,
                e.AmountPerCommonShare * s.OriginalIssuePrice.Value / _conversionPrices[s.Id], _currentSequence, "FOURTH §6(e)(ii)"));
    }

    private Refusal? Decide(CommonReclassified e)
    {
        const string clause = "FOURTH §6(e)(iii)";
        if (string.IsNullOrWhiteSpace(e.NewClass)) return new Refusal("class", $"'{e.NewClass}'", "name the class the common becomes", Clause.Of(clause));
        if (e.SharesPerCommonShare <= 0) return new Refusal("ratio", Px(e.SharesPerCommonShare), "must be positive", Clause.Of(clause));
        return null;
    }

    private void Evolve(CommonReclassified e)
    {
        const string clause = "FOURTH §6(e)(iii)";
        foreach (var s in Charter.Series)
        {
            var before = _conversionPrices[s.Id];
            var after = Rounding.SplitAdjustedPrice(before / e.SharesPerCommonShare);
            _conversionPrices[s.Id] = after;
            _ad.History[s.Id] = Map(s.Id).ThenScale(1m / e.SharesPerCommonShare);
            if (s == Charter.Series[0] && OriginalIssueDate() is not null) _ad.Steps.Add(new IssueStep(0, 0, 0, _ad.SplitScale, 1m / e.SharesPerCommonShare));
            _cpHistory.Add(new ConversionPriceChange(e.Date, s.Id, before, after, clause, _currentSequence,
                $"common reclassified into {Px(e.SharesPerCommonShare)} {e.NewClass} per share", new AdjustmentInputs("reclassification")));
        }

        _ad.Target = new ConversionTarget(e.Date, e.NewClass, e.SharesPerCommonShare, _currentSequence, clause);
    }
}
