using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Ocf;

public static partial class OcfImporter
{
    private sealed partial class Mapper
    {
        /// <summary>The charta-event/1 comments of a Charta export (docs/ocf.md), in recording order; null when none is read.</summary>
        public List<(long Sequence, LedgerEvent Event, OcfItem? Source)>? Extension;

        /// <summary>The charter given with --charter (the OCF transactions may be read on it as last amended).</summary>
        public CharterDocument? GivenCharter;

        public bool UsedExtension { get; private set; }

        /// <summary>Collects the extension from the manifest's and every object's comments. Read only with --charter.</summary>
        private void ReadExtension()
        {
            var found = new List<(long, LedgerEvent, OcfItem?)>();
            void Read(OcfItem? item, System.Text.Json.JsonElement json, string at = "")
            {
                var i = 0;
                foreach (var c in json.Strings("comments"))
                {
                    if (OcfExtension.IsExtension(c))
                    {
                        var (seq, e, problem) = OcfExtension.Decode(c);
                        if (e is null) Error(item, $"{at}/comments/{i}", $"the Charta extension comment {problem}; remove the charta-event comments to import the OCF transactions alone");
                        else found.Add((seq, e, item));
                    }

                    i++;
                }
            }

            Read(null, package.Manifest);
            if (package.Manifest.TryGetProperty("issuer", out var issuer)) Read(null, issuer, "/issuer");
            foreach (var item in package.Items) Read(item, item.Json);
            if (found.Count == 0) return;
            foreach (var g in found.GroupBy(f => f.Item1).Where(g => g.Count() > 1))
                Error(g.Skip(1).First().Item3, "/comments", $"two Charta extension comments carry event {g.Key}");
            if (found.Count(f => f.Item2 is CompanyCreated) != 1)
                Error(null, "/comments", "the Charta extension must carry exactly one company-created event");
            Extension = found.OrderBy(f => f.Item1).ToList();
        }

        /// <summary>
        /// Replaces the events mapped from the OCF transactions by the ledger events of the extension: the company is
        /// created on the given charter (the exported charter text is compared), and the events that name another
        /// event by sequence are re-pointed at its sequence in the new ledger.
        /// </summary>
        public void UseExtension()
        {
            var given = options.Charter!.Value;
            var newSeq = new Dictionary<long, long>();
            for (var i = 0; i < Extension!.Count; i++) newSeq[Extension[i].Sequence] = i + 1;
            Events.Clear();
            Sources.Clear();
            foreach (var (seq, e, source) in Extension)
            {
                var ev = e;
                if (e is CompanyCreated c)
                {
                    if (!string.Equals(Normalize(c.CharterJson), Normalize(given.Json), StringComparison.Ordinal))
                        Warn(null, "/issuer/comments", $"the ledger was exported on charter '{c.CharterId}', whose text differs from the --charter given; the events are folded on the --charter text");
                    ev = c with { CharterId = GivenCharter!.Id, CharterJson = given.Json };
                }

                ev = OcfExtension.Repoint(ev, old => newSeq.TryGetValue(old, out var n) ? n : null);
                if (ev is ConversionCorrected or DividendCorrected or EventVoided && ReferenceEquals(ev, e))
                    Error(source, "/comments", $"event {seq} names an event that is not in the Charta extension");
                Events.Add(ev);
                Sources.Add(source is null ? (OcfPackageReader.ManifestName, null, "") : (source.File, source.Id, source.Path));
            }

            Charter = GivenCharter;
            UsedExtension = true;
        }

        private static string Normalize(string json) => json.Replace("\r\n", "\n").Trim();

        /// <summary>
        /// The OCF objects are the record of the holdings: the ledger of the extension must end with the same stock
        /// positions (holder, class) and the same unexercised balance of each option and warrant. A difference means
        /// the package was changed after the export (or by another tool) and is refused, naming the first difference.
        /// </summary>
        public void CheckAgainstOcf(CapTable table)
        {
            var ocf = new Dictionary<(string, string), long>();
            var grants = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var s in _securities.Values)
            {
                if (s.Kind == "stock") ocf[(s.Holder, s.Class)] = ocf.GetValueOrDefault((s.Holder, s.Class)) + s.Remaining;
                else if (s.Kind is "option" or "warrant") grants[s.GrantId] = grants.GetValueOrDefault(s.GrantId) + s.Remaining;
            }

            const string Fix = "the package was changed after Charta exported it; correct it, or remove the charta-event comments to import the OCF transactions alone";
            foreach (var key in ocf.Keys.Union(table.Positions.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
            {
                var a = ocf.GetValueOrDefault(key);
                var b = table.Positions.GetValueOrDefault(key);
                if (a == b) continue;
                Error(null, "/comments", $"the OCF transactions leave {key.Item1} {a:N0} shares of {key.Item2}, the Charta extension's events {b:N0}: {Fix}");
                return;
            }

            foreach (var g in grants.Keys.Union(table.Instruments.Keys).Order(StringComparer.Ordinal))
            {
                var a = grants.GetValueOrDefault(g);
                var b = table.Instruments.TryGetValue(g, out var i) ? i.Outstanding : 0;
                if (a == b) continue;
                Error(null, "/comments", $"the OCF transactions leave {a:N0} shares unexercised under '{g}', the Charta extension's events {b:N0}: {Fix}");
                return;
            }
        }
    }
}
