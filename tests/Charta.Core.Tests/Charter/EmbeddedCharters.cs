using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// The embedded charters, for the suites that hold on any venture charter (issue 12: "the clause-named tests, goldens
/// and property tests run on all the charters"). A Theory over <see cref="Ids"/> runs once per charter.
/// </summary>
public static class EmbeddedCharters
{
    public static TheoryData<string> Ids => new(CharterLoader.EmbeddedIds);

    public static CharterDocument Load(string id) => CharterLoader.LoadEmbedded(id);

    /// <summary>
    /// A company on charter <paramref name="id"/> whose anti-dilution Original Issue Date is <see cref="Oid"/>: founders'
    /// common (1/20 of the authorized common, at $0.01, before it), half of every series' fixed number at its Original
    /// Issue Price (the series that fixes the Original Issue Date on that date, the others two months before), and the
    /// holders "Newco" and "Optionee" registered.
    /// </summary>
    public static List<LedgerEvent> Company(string id)
    {
        var c = Load(id);
        var d0 = new DateOnly(2000, 1, 1);
        var events = new List<LedgerEvent> { new CompanyCreated(d0, id, CharterLoader.EmbeddedText(id), d0) };
        events.AddRange(new[] { "Founders", "Newco", "Optionee" }.Concat(c.Series.Select(s => $"{s.Id} holders")).Select(h => new StakeholderAdded(d0, h)));
        events.Add(new SharesIssued(new DateOnly(2000, 1, 2), "Founders", c.Common.Id, c.Authorized.Common.Value / 25, 0.01m));
        var oidSeries = c.AntiDilution?.OriginalIssueDate?.Series;
        foreach (var s in c.Series)
            events.Add(new SharesIssued(s.Id == oidSeries ? Oid : new DateOnly(2000, 1, 3), $"{s.Id} holders", s.Id, s.FixedShares.Value / 4, s.OriginalIssuePrice.Value));
        return events;
    }

    public static readonly DateOnly Oid = new(2000, 3, 1);

    public static CapTable Table(IEnumerable<LedgerEvent> events, DateOnly? asOf = null) =>
        Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), asOf);

    /// <summary>Every clause the charter states (the values of its "clause" fields), for checking that a citation is its own.</summary>
    public static IReadOnlySet<string> Clauses(string id)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Walk(System.Text.Json.Nodes.JsonNode? n)
        {
            switch (n)
            {
                case System.Text.Json.Nodes.JsonObject o:
                    foreach (var (k, v) in o)
                        if (k == "clause" && v is System.Text.Json.Nodes.JsonValue cv) set.Add(cv.GetValue<string>());
                        else Walk(v);
                    break;
                case System.Text.Json.Nodes.JsonArray a:
                    foreach (var v in a) Walk(v);
                    break;
            }
        }

        Walk(System.Text.Json.Nodes.JsonNode.Parse(CharterLoader.EmbeddedText(id)));
        return set;
    }

    /// <summary>A citation the charter in use can answer for: one of its clauses, or a sub-clause of one.</summary>
    public static bool IsOwnCitation(string id, string citation) =>
        Clauses(id).Any(c => citation.StartsWith(c, StringComparison.Ordinal));
}
