using Charta.Core.Ledger;
using Charta.Core.Liquidation;
using Charta.Ledger;

namespace Charta.Views;

/// <summary>
/// The `--json` documents of `log`, `waterfall`, `breakpoints` and `conversion-prices`, built once here so the CLI and
/// the HTTP API print the same shape.
/// </summary>
public static class LedgerViews
{
    /// <summary>Which event voided which: a voided event stays in the log, marked with the event that voided it.</summary>
    public static IReadOnlyDictionary<long, long> VoidedBy(IEnumerable<RecordedEvent> events)
    {
        var voidedBy = new Dictionary<long, long>();
        foreach (var r in events)
            if (r.Event is EventVoided v) voidedBy[v.Event] = r.Sequence;
        return voidedBy;
    }

    /// <summary>One event of `log --json`: its stored name, version and payload, and the event that voided it, if any.</summary>
    public static object Event(RecordedEvent r, IReadOnlyDictionary<long, long>? voidedBy = null)
    {
        var (name, version, _) = EventSerializer.Serialize(r.Event);
        return new
        {
            sequence = r.Sequence, date = r.Event.IsRegistry ? (DateOnly?)null : r.Date, type = name, version, recordedAt = r.RecordedAt,
            recordedBy = r.RecordedBy, hash = r.Hash,
            voidedBy = voidedBy is not null && voidedBy.TryGetValue(r.Sequence, out var by) ? by : (long?)null, @event = (object)r.Event,
        };
    }

    /// <summary>`log --json`: every event in fold order.</summary>
    public static object Log(IReadOnlyList<RecordedEvent> events)
    {
        var voidedBy = VoidedBy(events);
        return new { events = events.Select(r => Event(r, voidedBy)) };
    }

    /// <summary>`waterfall --json`.</summary>
    public static object Waterfall(WaterfallResult r, bool explain)
    {
        var classes = r.Classes.Select(c => new { id = c.Id, decision = c.Decision, shares = c.Shares, asConvertedShares = c.AsConvertedShares, exactAsConverted = c.ExactAsConverted, perShare = c.PerShare, total = c.Total }).ToList();
        if (r.Options.Count > 0)
        {
            var shares = r.Options.Sum(o => o.Shares);
            var total = r.Options.Sum(o => o.Total);
            classes.Add(new
            {
                id = LiquidationModel.OptionsClassId,
                decision = r.Options.Any(o => o.Exercised) ? "exercise" : "out-of-the-money",
                shares,
                asConvertedShares = shares,
                exactAsConverted = (decimal)shares,
                perShare = shares == 0 ? 0m : r.Options.Sum(o => o.Exact) / shares,
                total,
            });
        }

        return new
        {
            company = r.Company,
            asOf = r.AsOf,
            exit = r.Exit,
            commonPricePerShare = r.CommonPricePerShare,
            classes,
            options = r.Options.Select(o => new { grantId = o.GrantId, holder = o.Holder, shares = o.Shares, strike = o.Strike, exercised = o.Exercised, total = o.Total }),
            holders = r.Holders.Select(h => new { name = h.Holder, total = h.Total }),
            fractions = r.Fractions.Select(f => new { holder = f.Holder, exactCommon = f.ExactCommon, wholeShares = f.WholeShares, fraction = f.Fraction, pricePerShare = f.PricePerShare, cash = f.Cash, clause = f.Clause }),
            steps = explain ? r.Steps.Select(s => new { step = s.Step, amount = s.Amount, clause = s.Clause }) : null,
        };
    }

    /// <summary>`breakpoints --json`: exact exits where the slope changes, and each tranche's split by class.</summary>
    public static object Breakpoints(PayoutCurve curve) => new
    {
        breakpoints = curve.Breakpoints.Select(b => new { exit = b.Exit, @event = b.Event, clause = b.Clause }),
        tranches = curve.Tranches().Select(t => new { from = t.From, to = t.To, shares = t.Shares }),
    };

    /// <summary>
    /// `conversion-prices --json`: each series' price, ratio and adjustment history (FOURTH §6). With
    /// <paramref name="withReasons"/> false each change keeps its figures and clause but not its reason and inputs,
    /// which name the holder of the issuance (the view a stockholder gets).
    /// </summary>
    public static object ConversionPrices(CapTable t, bool withReasons = true) => new
    {
        asOf = t.AsOf,
        originalIssueDate = t.OriginalIssueDate,
        conversionTarget = t.ConversionTarget,
        entitlements = t.ConversionEntitlements,
        series = t.Charter.Series.Select(s => new
        {
            id = s.Id,
            name = s.Name,
            originalIssuePrice = s.OriginalIssuePrice.Value,
            initialConversionPrice = s.InitialConversionPrice.Value,
            conversionPrice = t.ConversionPrice(s.Id),
            ratio = t.ConversionRatio(s.Id),
            clause = s.InitialConversionPrice.Clause,
            history = t.ConversionPriceHistory.Where(h => h.Series == s.Id).Select(h => new
            {
                date = h.Date, from = h.From, to = h.To, clause = h.Clause, eventId = h.EventSequence, reason = withReasons ? h.Reason : null, inputs = withReasons ? h.Inputs : null,
            }).ToArray(),
        }).ToArray(),
    };
}
