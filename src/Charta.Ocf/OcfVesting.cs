using System.Text.Json;
using Charta.Core.Ledger;

namespace Charta.Ocf;

/// <summary>
/// Evaluates OCF vesting terms (a graph of vesting conditions) into dated tranches from a vesting start date.
/// Scheduled conditions (relative or absolute) are followed from the start; event conditions vest only when a
/// TX_VESTING_EVENT says so. A portion vests per occurrence of its period (OCF's own four-year example: 12/48 at the
/// cliff, then 1/48 on each of 36 months).
/// </summary>
internal static class OcfVesting
{
    public delegate void Report(OcfItem? item, string path, string message);

    private sealed record Fired(string Id, DateOnly Date, DateOnly Anchor, int Months);

    public static IReadOnlyList<VestingTranche>? Schedule(OcfItem terms, string? startId, DateOnly start, long total, Report warn, Report error, OcfItem tx)
    {
        var conditions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var c in terms.Json.Arr("vesting_conditions"))
        {
            if (c.Str("id") is not { } cid) continue;
            if (!conditions.TryAdd(cid, c))
            {
                error(terms, "/vesting_conditions", $"the condition id '{cid}' is used twice");
                return null;
            }
        }

        startId ??= conditions.Values.FirstOrDefault(c => c.Obj("trigger")?.Str("type") == "VESTING_START_DATE").Str("id");
        if (startId is null || !conditions.TryGetValue(startId, out var first))
        {
            error(tx, "/vesting_condition_id", $"'{startId}' is not a vesting condition of terms '{terms.Id}'");
            return null;
        }

        var predecessor = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in conditions.Values)
        foreach (var n in c.Strings("next_condition_ids"))
            predecessor.TryAdd(n, c.Str("id")!);

        var exact = new List<(DateOnly Date, decimal Shares)>();
        var fired = new Dictionary<string, Fired>(StringComparer.Ordinal);
        var queue = new Queue<Fired>();
        var startFired = new Fired(startId, start, start, 0);
        fired[startId] = startFired;
        queue.Enqueue(startFired);
        Add(first, 1, start);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var nextId in conditions[at.Id].Strings("next_condition_ids"))
            {
                if (fired.ContainsKey(nextId) || !conditions.TryGetValue(nextId, out var next)) continue;
                var trigger = next.Obj("trigger");
                switch (trigger?.Str("type"))
                {
                    case "VESTING_SCHEDULE_RELATIVE":
                    {
                        var relId = trigger.Value.Str("relative_to_condition_id");
                        if (relId is null || !fired.TryGetValue(relId, out var rel))
                        {
                            var fallback = predecessor.TryGetValue(nextId, out var p) && fired.TryGetValue(p, out var pf) ? pf : at;
                            warn(terms, "/vesting_conditions", $"condition '{nextId}' is relative to '{relId}', which is not a condition of these terms; read as relative to '{fallback.Id}', the condition before it");
                            rel = fallback;
                        }

                        var period = trigger.Value.Obj("period");
                        var length = period?.TryGetProperty("length", out var l) == true && l.TryGetInt32(out var li) ? li : 0;
                        var occurrences = period?.TryGetProperty("occurrences", out var o) == true && o.TryGetInt32(out var oi) ? oi : 1;
                        var type = period?.Str("type") ?? "MONTHS";
                        if (length <= 0 || occurrences <= 0 || occurrences > 10_000)
                        {
                            error(terms, "/vesting_conditions", $"condition '{nextId}' has no usable period");
                            return null;
                        }

                        var last = rel;
                        for (var k = 1; k <= occurrences; k++)
                        {
                            last = type switch
                            {
                                "DAYS" => new Fired(nextId, rel.Date.AddDays(length * k), rel.Date.AddDays(length * k), 0),
                                "YEARS" => new Fired(nextId, rel.Anchor.AddMonths(rel.Months + 12 * length * k), rel.Anchor, rel.Months + 12 * length * k),
                                _ => new Fired(nextId, rel.Anchor.AddMonths(rel.Months + length * k), rel.Anchor, rel.Months + length * k),
                            };
                            Add(next, 1, last.Date);
                        }

                        fired[nextId] = last;
                        queue.Enqueue(last);
                        break;
                    }

                    case "VESTING_SCHEDULE_ABSOLUTE":
                    {
                        if (trigger.Value.Date("date") is not { } d) break;
                        Add(next, 1, d);
                        var f = new Fired(nextId, d, d, 0);
                        fired[nextId] = f;
                        queue.Enqueue(f);
                        break;
                    }

                    default:
                        // VESTING_EVENT: vests when a TX_VESTING_EVENT records it.
                        break;
                }
            }
        }

        return Allocate(exact, total, terms.Json.Str("allocation_type"));

        void Add(JsonElement condition, int _, DateOnly date)
        {
            var amount = Amount(condition, total);
            if (amount > 0) exact.Add((date, amount));
        }
    }

    /// <summary>Shares that vest when a vesting event condition is met.</summary>
    public static long? EventShares(OcfItem terms, string conditionId, long total, Report error, OcfItem tx)
    {
        var c = terms.Json.Arr("vesting_conditions").FirstOrDefault(x => x.Str("id") == conditionId);
        if (c.ValueKind != JsonValueKind.Object)
        {
            error(tx, "/vesting_condition_id", $"'{conditionId}' is not a vesting condition of terms '{terms.Id}'");
            return null;
        }

        if (c.Obj("portion") is { } p && p.TryGetProperty("remainder", out var r) && r.ValueKind == JsonValueKind.True) return total;
        return (long)decimal.Floor(Amount(c, total));
    }

    private static decimal Amount(JsonElement condition, long total)
    {
        if (condition.Obj("portion") is { } p && OcfJson.TryNumeric(p.Str("numerator"), out var n) && OcfJson.TryNumeric(p.Str("denominator"), out var d) && d > 0)
            return total * n / d;
        return condition.Num("quantity") ?? 0m;
    }

    /// <summary>
    /// Whole-share tranches from exact amounts. CUMULATIVE_ROUNDING rounds the cumulative amount half away from zero
    /// at each date; FRONT_LOADED rounds it up; every other allocation (CUMULATIVE_ROUND_DOWN, BACK_LOADED, the
    /// single-tranche variants, FRACTIONAL) rounds it down, so shares are never vested early. The last tranche takes
    /// whatever makes the total exact.
    /// </summary>
    private static IReadOnlyList<VestingTranche> Allocate(List<(DateOnly Date, decimal Shares)> exact, long total, string? allocation)
    {
        var tranches = new List<VestingTranche>();
        decimal cumulative = 0;
        long given = 0;
        foreach (var (date, shares) in exact.OrderBy(x => x.Date))
        {
            cumulative += shares;
            var target = allocation switch
            {
                "CUMULATIVE_ROUNDING" => (long)decimal.Round(cumulative, 0, MidpointRounding.AwayFromZero),
                "FRONT_LOADED" or "FRONT_LOADED_TO_SINGLE_TRANCHE" => (long)decimal.Ceiling(cumulative),
                _ => (long)decimal.Floor(cumulative),
            };
            target = Math.Min(target, total);
            if (target > given)
            {
                if (tranches.Count > 0 && tranches[^1].Date == date) tranches[^1] = tranches[^1] with { Shares = tranches[^1].Shares + target - given };
                else tranches.Add(new VestingTranche(date, target - given));
                given = target;
            }
        }

        return tranches;
    }
}
