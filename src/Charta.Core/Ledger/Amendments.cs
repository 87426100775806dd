using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>
/// A charter amendment taking effect on a folded state, for the round model (Core/Model): the state's charter is
/// replaced by an amended one that keeps every class and adds new series, each new series starting at its initial
/// conversion price. Events before the amendment were folded on the charter then in force.
/// </summary>
internal sealed partial class LedgerEditor
{
    /// <summary>A recorded amendment: the same rule as the model's, then the authorized counts checked against the amended charter.</summary>
    private Refusal? Decide(CharterAmended e)
    {
        var loaded = CharterLoader.Load(e.CharterJson, "charter-amended");
        if (!loaded.IsOk) return loaded.Refusal;
        var amended = loaded.Value;
        var before = Charter;
        if (amended.Common.Id != before.Common.Id) return new Refusal("charter", amended.Common.Id, $"the amendment renames the common ({before.Common.Id})");
        if (!amended.CommonClasses.Select(k => k.Id).SequenceEqual(before.CommonClasses.Select(k => k.Id)))
            return new Refusal("charter", string.Join(", ", amended.CommonClasses.Select(k => k.Id)),
                $"is not implemented: the amendment adds, removes or renames a class of common ({string.Join(", ", before.CommonClasses.Select(k => k.Id))}); only new series may be added");
        var changed = new List<string>();
        foreach (var s in before.Series)
        {
            if (amended.FindSeries(s.Id) is not { } kept) return new Refusal("charter", s.Id, "the amendment removes a series; only new series may be added");
            if (kept with { FixedShares = s.FixedShares } != s)
            {
                if (e.ConsentsChecked != true)
                    return new Refusal("charter", s.Id, "the amendment changes an existing series' terms; record it with 'charta amend charter', which checks the consents it needs");
                changed.Add(s.Id);
            }
        }

        // v2 ('amend charter') and any amendment carrying a consent record ('model round --commit') are checked here, on
        // the holdings at the amendment's date; a v1 event with neither is an amendment recorded before the check
        // (docs/interpretations.md, "A new series needs its consent wherever it is created").
        if (e.ConsentsChecked == true || e.Consent is not null)
        {
            if (CheckConsentRecord(e.Consent) is { } r0) return r0;
            if (e.ConsentsChecked == true && string.IsNullOrWhiteSpace(e.Approval))
                return new Refusal("approval", "(none)", "an amendment of the charter needs a record of its approval and filing", Cite(Charter.Authorized.Total.Clause));
            var votes = VotesNow(e.Date);
            var needs = NewSeriesConsents(before, amended).ToList();
            if (changed.Count > 0 && !needs.Contains(Approvals.AdverseAmendment)) needs.Add(Approvals.AdverseAmendment);
            foreach (var action in needs)
            {
                // A charter with no covenant for the action requires no consent for it.
                if (!Approvals.Required(before, votes, new ProposedAction(action)).IsOk) continue;
                if (Approvals.Check(before, votes, new ProposedAction(action), e.Consent?.Holders) is { } refused) return refused;
            }
        }

        // A new series starts at its initial conversion price (as the evolve sets it).
        var view = new AuthorizedView(Charter: amended,
            Price: id => _conversionPrices.ContainsKey(id) ? ExactPriceOf(id) : ExactPrice.Of(amended.FindSeries(id)!.InitialConversionPrice.Value));
        foreach (var id in amended.ClassIds)
            if (CheckAuthorized(id, 0, 0, "charter", view) is { } refusal) return refusal;
        return null;
    }

    /// <summary>
    /// The consents a new series needs (one reading for 'amend charter', 'model round --commit' and the model's consent
    /// table, docs/interpretations.md): the senior-or-parity covenant when a new series' preference ranks (liquidation
    /// seniority) "superior to or on a parity with any preference" of the existing preferred, i.e. at or above the least
    /// senior existing series (every new series when there is none); the adverse-amendment covenant too when it ranks
    /// above every existing series (a judgment for counsel, as the model lists it). A series junior to every existing
    /// series needs neither.
    /// </summary>
    internal static IEnumerable<string> NewSeriesConsents(CharterDocument before, CharterDocument amended)
    {
        var added = amended.Series.Where(x => before.FindSeries(x.Id) is null).ToList();
        if (added.Count == 0) yield break;
        var highest = added.Max(x => x.Liquidation.Seniority);
        if (ParityOrSenior(before, highest)) yield return Approvals.IssueSeniorSecurity;
        if (SeniorToAll(before, highest)) yield return Approvals.AdverseAmendment;
    }

    /// <summary>A preference ranking <paramref name="seniority"/> is superior to or on a parity with some existing series' (or there is none).</summary>
    internal static bool ParityOrSenior(CharterDocument before, int seniority) =>
        before.Series.Count == 0 || seniority >= before.Series.Min(x => x.Liquidation.Seniority);

    /// <summary>A preference ranking <paramref name="seniority"/> is superior to every existing series' (or there is none).</summary>
    internal static bool SeniorToAll(CharterDocument before, int seniority) =>
        before.Series.Count == 0 || seniority > before.Series.Max(x => x.Liquidation.Seniority);

    private void Evolve(CharterAmended e)
    {
        var amended = CharterLoader.Load(e.CharterJson, "charter-amended").Value;
        TakeEffect(amended);
    }

    /// <summary>The amended charter replaces the state's; each new series starts at its initial conversion price.</summary>
    private void TakeEffect(CharterDocument amended)
    {
        var before = Charter;
        _charter = amended;
        foreach (var s in amended.Series)
            if (before.FindSeries(s.Id) is null) SetPrice(s.Id, s.InitialConversionPrice.Value);
    }

    /// <summary>
    /// The amended charter takes effect on <paramref name="state"/>, then <paramref name="events"/> (sorted, each dated
    /// on or after the state's events) are folded on it; the first refusal stops. One copy of the state.
    /// </summary>
    internal static Result<CapTable> AmendThenContinue(CapTable state, CharterDocument amended, IEnumerable<RecordedEvent> events)
    {
        foreach (var id in state.Charter.ClassIds)
            if (!amended.IsCommon(id) && amended.FindSeries(id) is null)
                return new Refusal("charter", id, "an amendment for the model may add series but not remove one");
        var b = From(state);
        b.TakeEffect(amended);
        foreach (var r in LedgerOrder.Sort(events))
            if (b.Apply(r) is { } refusal) return refusal;
        return b.Freeze(null);
    }
}
