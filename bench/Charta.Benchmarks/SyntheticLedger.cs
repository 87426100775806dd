using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Benchmarks;

/// <summary>
/// A deterministic synthetic ledger on the Juniper charter: holders, then a mix of common issuances, option grants,
/// exercises and transfers that the charter accepts (all within the authorized and reserved counts).
/// </summary>
public static class SyntheticLedger
{
    public static List<RecordedEvent> Build(int eventCount, int holders, int seed = 42)
    {
        var charter = CharterLoader.Default;
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        var rng = new Random(seed);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var list = new List<RecordedEvent>(eventCount + holders + 16);
        long seq = 0;
        void Add(LedgerEvent e) => list.Add(new RecordedEvent(++seq, at, e));

        var day = new DateOnly(1996, 2, 6);
        Add(new CompanyCreated(day, charter.Id, json, day));
        var names = new string[holders];
        for (var i = 0; i < holders; i++)
        {
            names[i] = $"holder-{i:D6}";
            Add(new StakeholderAdded(day, names[i]));
        }

        // Preferred: a slice of each series to a few holders.
        foreach (var s in charter.Series)
            Add(new SharesIssued(day, names[rng.Next(holders)], s.Id, s.FixedShares.Value / 2, s.OriginalIssuePrice.Value));

        var held = new long[holders];
        var grants = new List<(string Id, long Left)>();
        var grantNo = 0;
        while (list.Count < eventCount)
        {
            if (list.Count % 1000 == 0) day = day.AddDays(1);
            var h = rng.Next(holders);
            switch (rng.Next(4))
            {
                case 0:
                    Add(new SharesIssued(day, names[h], "common", 10, 0.10m));
                    held[h] += 10;
                    break;
                case 1:
                    var id = $"G-{++grantNo}";
                    Add(new InstrumentGranted(day, id, names[h], "option", "common", 10, 0.25m, null, 0m, "employee-plan", "Board plan"));
                    grants.Add((id, 10));
                    break;
                case 2 when grants.Count > 0:
                    var g = rng.Next(grants.Count);
                    if (grants[g].Left <= 0) goto default;
                    Add(new InstrumentExercised(day, grants[g].Id, 1));
                    grants[g] = (grants[g].Id, grants[g].Left - 1);
                    break;
                case 3 when held[h] > 0:
                    var to = rng.Next(holders);
                    if (to == h) goto default;
                    Add(new SharesTransferred(day, names[h], names[to], "common", 1));
                    held[h] -= 1;
                    held[to] += 1;
                    break;
                default:
                    Add(new SharesIssued(day, names[h], "common", 1, 0.10m));
                    held[h] += 1;
                    break;
            }
        }

        return list;
    }
}
