using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Ocf;

/// <summary>An exported package: file name → UTF-8 bytes (the manifest included), and what OCF could not hold.</summary>
public sealed record OcfExport(IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<string> NotExported, OcfExportCounts Counts);

public sealed record OcfExportCounts(int Stakeholders, int StockClasses, int StockPlans, int Transactions);

/// <summary>
/// Writes a ledger as an OCF v1.2.0 package. Ids are derived from the ledger (holder order, class ids, event
/// sequence), JSON properties are written in a fixed order, so the same ledger gives byte-identical files; only
/// the manifest's generated_at comes from the clock. Conversion-price changes (splits, anti-dilution, resets,
/// prices set) are written from the cap table's history as TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT.
/// </summary>
public static class OcfExporter
{
    public const string StakeholdersFile = "Stakeholders.ocf.json";
    public const string StockClassesFile = "StockClasses.ocf.json";
    public const string StockPlansFile = "StockPlans.ocf.json";
    public const string StockLegendsFile = "StockLegends.ocf.json";
    public const string TransactionsFile = "Transactions.ocf.json";
    public const string VestingTermsFile = "VestingTerms.ocf.json";
    public const string DefaultLegendId = "legend-default";

    public static OcfExport Export(IReadOnlyList<RecordedEvent> events, CapTable final, DateTimeOffset generatedAt) =>
        CannotExport(final) is { } refusal
            ? throw new InvalidOperationException(refusal.ToString())
            : new Writer(LedgerOrder.Sort(events), final).Write(generatedAt);

    /// <summary>
    /// What this exporter cannot write faithfully, or null. A charter with several classes of common (session 20): the
    /// exporter writes one common stock class and its conversion rights into it, so a second class (its votes, its
    /// authorized number, the class each series converts into) would be lost or misstated; it is refused, not approximated.
    /// </summary>
    public static Charta.Core.Refusal? CannotExport(CapTable final)
    {
        var c = final.Charter;
        if (!c.HasSeveralCommonClasses) return null;
        return new Charta.Core.Refusal("charter", string.Join(", ", c.CommonClasses.Select(k => k.Id)),
            "has several classes of common; OCF export writes one common class and is not implemented for more: export the cap table with 'captable --json' instead",
            c.CommonClasses[1].Authorized is { } a ? Charta.Core.Charter.Clause.Of(a.Clause) : null);
    }

    /// <summary>Writes the package to a folder, or to a zip when <paramref name="path"/> ends in .zip (files at its root).</summary>
    public static void WriteTo(OcfExport export, string path)
    {
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var tmp = path + ".tmp";
            using (var fs = File.Create(tmp))
            using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
            {
                foreach (var (name, bytes) in export.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                    using var s = entry.Open();
                    s.Write(bytes);
                }
            }

            File.Move(tmp, path, overwrite: true);
            return;
        }

        Directory.CreateDirectory(path);
        foreach (var (name, bytes) in export.Files) File.WriteAllBytes(Path.Combine(path, name), bytes);
    }

    /// <summary>Validates every object and the manifest of an export, and checks that every id it refers to exists.</summary>
    public static IReadOnlyList<OcfIssue> Validate(OcfExport export)
    {
        var issues = new List<OcfIssue>();
        var package = OcfPackageReader.Read("export", export.Files, lenient: false, issues);
        if (package is not null) issues.AddRange(OcfReferences.Check(package));
        return issues;
    }

    private sealed class Lot(string id, long remaining)
    {
        public string Id { get; } = id;
        public long Remaining { get; set; } = remaining;
    }

    private sealed class Grant(Instrument instrument, string securityId, long outstanding)
    {
        public Instrument Instrument { get; } = instrument;
        public string SecurityId { get; set; } = securityId;
        public long Outstanding { get; set; } = outstanding;
        public int Balances { get; set; }
    }

    private sealed class Writer(List<RecordedEvent> events, CapTable final)
    {
        private readonly List<(DateOnly Date, long Seq, int Sub, JsonObject Tx)> _txs = [];
        private readonly Dictionary<string, string> _stakeholderIds = new(StringComparer.Ordinal);
        private readonly List<JsonObject> _stakeholders = [];
        private readonly Dictionary<(string Holder, string Class), List<Lot>> _lots = new();
        private readonly Dictionary<string, Grant> _grants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonObject> _plans = new(StringComparer.Ordinal);
        private readonly List<string> _notExported = [];
        private readonly List<JsonNode> _vestingTerms = [];
        private readonly Dictionary<string, int> _customIds = new(StringComparer.Ordinal);
        private CharterDocument _charter = final.Charter;
        private CharterDocument _classCharter = final.Charter;
        private readonly Dictionary<(long Event, string Holder), long> _corrections = new();
        private string _issuerId = "issuer";
        private long _seq;
        private int _sub;
        private IReadOnlyDictionary<long, IReadOnlyList<Position>> _restated = new Dictionary<long, IReadOnlyList<Position>>();

        // A conversion is restated from the fold (not re-derived from the prices): it delivers its stored outcome, and a
        // correction recorded by --restate adds only what it corrects (no double count).
        private static bool IsKnown(LedgerEvent e) => e is CompanyCreated or StakeholderAdded or SharesIssued or SharesTransferred
            or SharesCancelled or SharesReissued or StockSplit or CommonReclassified or InstrumentGranted or InstrumentExercised
            or InstrumentCancelled or InstrumentExpired or InstrumentRepriced or VestingAccelerated or VestingScheduled or AuthorizedSharesChanged
            or ConversionPriceSet or PlanReserveSet or ConvertibleIssued or ConvertibleClosed or PreferredRepurchased or AuthorizedSharesAmended;

        /// <summary>
        /// An event OCF has no object for (an automatic conversion on an IPO or a vote, an issuance for mixed
        /// consideration…) is restated by what it did to the holdings: per holder, preferred given up against common
        /// received is a conversion; other increases are issuances and other decreases cancellations.
        /// </summary>
        private void Restate(LedgerEvent e, IReadOnlyList<Position> changes)
        {
            var name = EventCatalog.NameOf(e).Name;
            // The common a later correction (conversion-corrected, --restate) adds to this conversion is written with
            // it: OCF states what the conversion delivered in the end, once, and the correction has no transaction.
            var extra = _corrections.Where(c => c.Key.Event == _seq).ToList();
            if (extra.Count > 0)
                changes = [.. changes, .. extra.Select(c => new Position(c.Key.Holder, _charter.Common.Id, c.Value))];
            foreach (var holder in changes.Select(c => c.Holder).Distinct())
            {
                var mine = changes.Where(c => c.Holder == holder).ToList();
                var commonUp = mine.Where(c => _charter.IsCommon(c.Security) && c.Shares > 0).Sum(c => c.Shares);
                var preferredDown = mine.Where(c => !_charter.IsCommon(c.Security) && c.Shares < 0).ToList();
                if (commonUp > 0 && preferredDown.Count > 0)
                {
                    var parts = preferredDown.SelectMany(c => Take(holder, c.Security, -c.Shares).Select(t => (c.Security, t.Lot, t.Taken, t.Left))).ToList();
                    long given = 0;
                    for (var i = 0; i < parts.Count; i++)
                    {
                        var p = parts[i];
                        var share = i == parts.Count - 1 ? commonUp - given : commonUp * p.Taken / Math.Max(1, preferredDown.Sum(c => -c.Shares));
                        given += share;
                        var tx = Tx("TX_STOCK_CONVERSION", e.Date);
                        tx["security_id"] = p.Lot.Id;
                        tx["quantity_converted"] = OcfJson.Numeric(p.Taken);
                        var ids = new JsonArray();
                        tx["resulting_security_ids"] = ids;
                        tx["comments"] = new JsonArray((JsonNode)$"charta event: {name}");
                        Balance(tx, e.Date, holder, p.Security, p.Left, 0m);
                        if (share > 0)
                        {
                            var id = SecId("stock");
                            ids.Add((JsonNode)id);
                            NewStock(e.Date, holder, _charter.Common.Id, share, 0m, id);
                        }
                    }

                    mine = mine.Where(c => !(_charter.IsCommon(c.Security) && c.Shares > 0) && !(!_charter.IsCommon(c.Security) && c.Shares < 0)).ToList();
                }

                foreach (var c in mine)
                {
                    if (c.Shares > 0)
                    {
                        // The shares sold in a public offering were issued at the offering price (a stored fact of the event).
                        var price = e is PublicOfferingClosed { SharesSold: not null } ipo && holder == (ipo.PublicHolder ?? PublicOfferingClosed.DefaultPublicHolder) ? ipo.PricePerShare : 0m;
                        NewStock(e.Date, holder, c.Security, c.Shares, price, SecId("stock"));
                        continue;
                    }

                    foreach (var (lot, taken, left) in Take(holder, c.Security, -c.Shares))
                    {
                        var tx = Tx("TX_STOCK_CANCELLATION", e.Date);
                        tx["security_id"] = lot.Id;
                        tx["quantity"] = OcfJson.Numeric(taken);
                        tx["reason_text"] = $"charta event: {name}";
                        Balance(tx, e.Date, holder, c.Security, left, 0m);
                    }
                }
            }
        }

        private JsonObject Tx(string type, DateOnly date, string? idSuffix = null)
        {
            var o = new JsonObject
            {
                ["object_type"] = type,
                ["id"] = $"tx-{_seq}" + (_sub == 0 ? "" : $"-{_sub}") + (idSuffix is null ? "" : "-" + idSuffix),
                ["date"] = OcfJson.Iso(date),
            };
            _txs.Add((date, _seq, _sub++, o));
            return o;
        }

        /// <summary>What no OCF field holds: the event itself still travels in the Charta extension (docs/ocf.md).</summary>
        private void NotInOcf(string what) => _notExported.Add(what + "; kept in the Charta extension, restored by import ocf --charter");

        private static void Comment(JsonObject o, JsonNode comment)
        {
            if (o["comments"] is JsonArray a) a.Add(comment);
            else o["comments"] = new JsonArray(comment);
        }

        private static JsonObject Money(decimal amount) => new() { ["amount"] = OcfJson.Numeric(amount), ["currency"] = "USD" };

        private string CustomId(string prefix)
        {
            var n = _customIds.GetValueOrDefault(prefix) + 1;
            _customIds[prefix] = n;
            return prefix + n.ToString(CultureInfo.InvariantCulture);
        }

        private string Prefix(string cls) => _charter.IsCommon(cls) ? "CS-" : $"P{cls}-";

        public OcfExport Write(DateTimeOffset generatedAt)
        {
            var created = events.Select(r => r.Event).OfType<CompanyCreated>().First();
            // The charter in force at the end: the one the company was created on, with every series a recorded
            // amendment added (charter-amended); each series is a stock class of the export.
            _charter = final.Charter;
            _issuerId = "issuer-" + created.CharterId;
            // Only the events that fold are written as OCF transactions: a voided event and its void are not facts
            // of the company's holdings (both still travel in the Charta extension).
            var effective = Fold.WithoutVoided(events);
            if (!effective.IsOk) throw new InvalidOperationException($"the ledger is inconsistent: {effective.Refusal}");
            var folds = effective.Value.Select(r => r.Sequence).ToHashSet();
            foreach (var c in effective.Value.Select(r => r.Event).OfType<ConversionCorrected>())
                _corrections[(c.Event, c.Holder)] = _corrections.GetValueOrDefault((c.Event, c.Holder)) + c.AdditionalCommon;
            // The stock classes: the charter the company was created on, then each series a recorded amendment added,
            // with its terms as the amendment created it (later changes of authorized shares are transactions).
            _classCharter = CharterLoader.Load(created.CharterJson, created.CharterId).Value;
            foreach (var a in effective.Value.Select(r => r.Event).OfType<CharterAmended>())
            {
                var amended = CharterLoader.Load(a.CharterJson, "charter-amended");
                if (!amended.IsOk) continue;
                var added = amended.Value.Series.Where(x => _classCharter.FindSeries(x.Id) is null).ToList();
                if (added.Count > 0) _classCharter = _classCharter with { Series = [.. _classCharter.Series, .. added] };
            }

            if (events.Any(r => !IsKnown(r.Event))) _restated = FoldTrace.PositionChanges(events, e => !IsKnown(e));
            var issuerComments = new JsonArray();
            var manifestComments = new JsonArray((JsonNode)OcfExtension.Marker);
            foreach (var r in events)
            {
                _seq = r.Sequence;
                _sub = 0;
                var txsBefore = _txs.Count;
                var holdersBefore = _stakeholders.Count;
                var plansBefore = _plans.Count;
                if (folds.Contains(r.Sequence)) Map(r.Event);
                var comment = (JsonNode)OcfExtension.Encode(r.Sequence, r.Event);
                var carrier = r.Event switch
                {
                    CompanyCreated => null,
                    StakeholderAdded when _stakeholders.Count > holdersBefore => (JsonObject)_stakeholders[^1],
                    PlanReserveSet p when _plans.Count > plansBefore => _plans[p.PlanId],
                    _ when _txs.Count > txsBefore => _txs[txsBefore].Tx,
                    _ => null,
                };
                if (r.Event is CompanyCreated) issuerComments.Add(comment);
                else if (carrier is null) manifestComments.Add(comment);
                else Comment(carrier, comment);
            }

            ConversionPriceHistory();

            var legend = new JsonObject
            {
                ["object_type"] = "STOCK_LEGEND_TEMPLATE",
                ["id"] = DefaultLegendId,
                ["name"] = "Default legend",
                ["text"] = "THE SHARES REPRESENTED HEREBY HAVE NOT BEEN REGISTERED UNDER THE SECURITIES ACT OF 1933 AND MAY NOT BE SOLD OR TRANSFERRED WITHOUT REGISTRATION OR AN EXEMPTION FROM IT.",
            };
            var classes = StockClasses(created);
            var txs = _txs.OrderBy(t => t.Date).ThenBy(t => t.Seq).ThenBy(t => t.Sub).Select(t => (JsonNode)t.Tx).ToArray();
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [StakeholdersFile] = FileBytes("OCF_STAKEHOLDERS_FILE", _stakeholders),
                [StockClassesFile] = FileBytes("OCF_STOCK_CLASSES_FILE", classes),
                [StockPlansFile] = FileBytes("OCF_STOCK_PLANS_FILE", _plans.Values.ToList()),
                [StockLegendsFile] = FileBytes("OCF_STOCK_LEGEND_TEMPLATES_FILE", [legend]),
                [TransactionsFile] = FileBytes("OCF_TRANSACTIONS_FILE", txs),
            };
            if (_vestingTerms.Count > 0) files[VestingTermsFile] = FileBytes("OCF_VESTING_TERMS_FILE", _vestingTerms);

            var lastDate = events.Where(r => !r.Event.IsRegistry).Select(r => r.Date).DefaultIfEmpty(created.Date).Max();
            var formed = created.IncorporatedOn ?? created.Date;
            var (country, subdivision) = Jurisdiction(_charter.Jurisdiction);
            var issuer = new JsonObject
            {
                ["object_type"] = "ISSUER",
                ["id"] = _issuerId,
                ["legal_name"] = _charter.Company,
                ["formation_date"] = OcfJson.Iso(formed),
                ["country_of_formation"] = country,
            };
            if (subdivision is not null) issuer["country_subdivision_of_formation"] = subdivision;
            var created0 = CharterLoader.Load(created.CharterJson, created.CharterId).Value;
            issuer["initial_shares_authorized"] = OcfJson.Numeric(created0.Authorized.Total.Value
                + _classCharter.Series.Where(x => created0.FindSeries(x.Id) is null).Sum(x => x.FixedShares.Value));
            if (issuerComments.Count > 0) issuer["comments"] = issuerComments;
            JsonArray Entry(string name) => [new JsonObject { ["filepath"] = "./" + name, ["md5"] = Md5(files[name]) }];
            var manifest = new JsonObject
            {
                ["ocf_version"] = OcfSchemas.Version,
                ["file_type"] = "OCF_MANIFEST_FILE",
                ["issuer"] = issuer,
                ["as_of"] = OcfJson.Iso(lastDate),
                ["generated_at"] = generatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["comments"] = manifestComments,
                ["stock_plans_files"] = Entry(StockPlansFile),
                ["stock_legend_templates_files"] = Entry(StockLegendsFile),
                ["stock_classes_files"] = Entry(StockClassesFile),
                ["vesting_terms_files"] = _vestingTerms.Count > 0 ? Entry(VestingTermsFile) : new JsonArray(),
                ["valuations_files"] = new JsonArray(),
                ["transactions_files"] = Entry(TransactionsFile),
                ["stakeholders_files"] = Entry(StakeholdersFile),
            };
            files[OcfPackageReader.ManifestName] = Bytes(manifest);
            return new OcfExport(files, _notExported, new OcfExportCounts(_stakeholders.Count, classes.Count, _plans.Count, txs.Length));
        }

        private static (string Country, string? Subdivision) Jurisdiction(string? j) => j?.Trim().ToLowerInvariant() switch
        {
            "delaware" or "de" or "us-de" => ("US", "DE"),
            "california" or "ca" or "us-ca" => ("US", "CA"),
            _ => ("US", null),
        };

        private static byte[] FileBytes(string fileType, IReadOnlyList<JsonNode> items) =>
            Bytes(new JsonObject { ["file_type"] = fileType, ["items"] = new JsonArray(items.Select(i => i.Parent is null ? i : i.DeepClone()).ToArray()) });

        private static byte[] Bytes(JsonNode node)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
                node.WriteTo(w);
            ms.WriteByte((byte)'\n');
            return ms.ToArray();
        }

        private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

        private List<JsonNode> StockClasses(CompanyCreated created)
        {
            var c = _classCharter;
            var list = new List<JsonNode>();
            var common = new JsonObject
            {
                ["object_type"] = "STOCK_CLASS",
                ["id"] = c.Common.Id,
                ["name"] = c.Common.Name,
                ["class_type"] = "COMMON",
                ["default_id_prefix"] = Prefix(c.Common.Id),
                ["initial_shares_authorized"] = OcfJson.Numeric(c.Authorized.Common.Value),
                ["votes_per_share"] = OcfJson.Numeric(c.Common.VotesPerShare?.Value ?? c.Voting?.CommonVotesPerShare ?? 1),
                ["seniority"] = OcfJson.Numeric(Math.Max(0, c.Common.Seniority?.Value ?? 0)),
            };
            if (c.Authorized.CommonParValue is { } cpv) common["par_value"] = Money(cpv.Value);
            list.Add(common);
            foreach (var s in c.Series)
            {
                var o = new JsonObject
                {
                    ["object_type"] = "STOCK_CLASS",
                    ["id"] = s.Id,
                    ["name"] = s.Name,
                    ["class_type"] = "PREFERRED",
                    ["default_id_prefix"] = Prefix(s.Id),
                    ["initial_shares_authorized"] = OcfJson.Numeric(s.FixedShares.Value),
                    ["votes_per_share"] = "1",
                    ["seniority"] = OcfJson.Numeric(s.Liquidation.Seniority),
                };
                if (c.Authorized.PreferredParValue is { } ppv) o["par_value"] = Money(ppv.Value);
                o["price_per_share"] = Money(s.OriginalIssuePrice.Value);
                o["conversion_rights"] = new JsonArray(new JsonObject
                {
                    ["type"] = "STOCK_CLASS_CONVERSION_RIGHT",
                    ["conversion_mechanism"] = RatioMechanism(s.OriginalIssuePrice.Value, s.InitialConversionPrice.Value),
                    ["converts_to_stock_class_id"] = c.Common.Id,
                });
                o["liquidation_preference_multiple"] = OcfJson.Numeric(s.Liquidation.Multiple);
                if (s.Liquidation.Participation is { Kind: "capped", CapMultiple: { } cap }) o["participation_cap_multiple"] = OcfJson.Numeric(cap);
                list.Add(o);
            }

            return list;
        }

        /// <summary>Ratio = original issue price / conversion price, as the fraction OIP : CP; conversion_price carries the price itself.</summary>
        private static JsonObject RatioMechanism(decimal oip, decimal cp) => new()
        {
            ["type"] = "RATIO_CONVERSION",
            ["conversion_price"] = Money(cp),
            ["ratio"] = new JsonObject { ["numerator"] = OcfJson.Numeric(oip), ["denominator"] = OcfJson.Numeric(cp) },
            ["rounding_type"] = "FLOOR",
        };

        private void ConversionPriceHistory()
        {
            foreach (var h in final.ConversionPriceHistory)
            {
                var s = _charter.FindSeries(h.Series);
                if (s is null) continue;
                _seq = h.EventSequence;
                _sub = 1000 + _txs.Count(t => t.Seq == h.EventSequence);
                var tx = Tx("TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT", h.Date, $"cp-{h.Series}");
                tx["stock_class_id"] = h.Series;
                tx["new_ratio_conversion_mechanism"] = RatioMechanism(s.OriginalIssuePrice.Value, h.To);
                tx["comments"] = new JsonArray((JsonNode)$"clause: {h.Clause}", (JsonNode)$"reason: {h.Reason}", (JsonNode)$"from: {OcfJson.Numeric(h.From)}");
            }
        }

        private string Stakeholder(string holder) => _stakeholderIds[holder];

        private string NewStock(DateOnly date, string holder, string cls, long shares, decimal price, string securityId)
        {
            var tx = Tx("TX_STOCK_ISSUANCE", date);
            tx["security_id"] = securityId;
            tx["custom_id"] = CustomId(Prefix(cls));
            tx["stakeholder_id"] = Stakeholder(holder);
            tx["security_law_exemptions"] = new JsonArray();
            tx["stock_class_id"] = cls;
            tx["share_price"] = Money(price);
            tx["quantity"] = OcfJson.Numeric(shares);
            tx["stock_legend_ids"] = new JsonArray((JsonNode)DefaultLegendId);
            Lots(holder, cls).Add(new Lot(securityId, shares));
            return securityId;
        }

        private List<Lot> Lots(string holder, string cls)
        {
            if (!_lots.TryGetValue((holder, cls), out var l)) _lots[(holder, cls)] = l = [];
            return l;
        }

        private string SecId(string kind) => $"{kind}-{_seq}" + (_sub == 0 ? "" : $"-{_sub}");

        /// <summary>Takes <paramref name="shares"/> from the holder's lots, oldest first: each touched lot with the part taken and what is left.</summary>
        private List<(Lot Lot, long Taken, long Left)> Take(string holder, string cls, long shares)
        {
            var lots = Lots(holder, cls);
            var result = new List<(Lot, long, long)>();
            while (shares > 0 && lots.Count > 0)
            {
                var lot = lots[0];
                var take = Math.Min(shares, lot.Remaining);
                result.Add((lot, take, lot.Remaining - take));
                lots.RemoveAt(0);
                shares -= take;
            }

            return result;
        }

        private void Balance(JsonObject tx, DateOnly date, string holder, string cls, long left, decimal price)
        {
            if (left <= 0) return;
            var id = SecId("stock") + "-bal";
            tx["balance_security_id"] = id;
            var keep = Lots(holder, cls);
            NewStock(date, holder, cls, left, price, id);
            // The balance stays the oldest lot of the holder.
            var lot = keep[^1];
            keep.RemoveAt(keep.Count - 1);
            keep.Insert(0, lot);
        }

        private void Map(LedgerEvent e)
        {
            switch (e)
            {
                case CompanyCreated:
                    return;
                case StakeholderAdded x:
                {
                    var id = $"sh-{_stakeholders.Count + 1:00000}";
                    _stakeholderIds[x.Name] = id;
                    _stakeholders.Add(new JsonObject
                    {
                        ["object_type"] = "STAKEHOLDER",
                        ["id"] = id,
                        ["name"] = new JsonObject { ["legal_name"] = x.Name },
                        ["stakeholder_type"] = x.Kind is "individual" or "founder" or "employee" ? "INDIVIDUAL" : "INSTITUTION",
                    });
                    if (x.Kind is { } k && k is not ("individual" or "institution")) NotInOcf($"stakeholder kind '{k}' of {x.Name} (OCF has INDIVIDUAL and INSTITUTION only)");
                    return;
                }

                case SharesIssued x:
                    NewStock(x.Date, x.Holder, x.Security, x.Shares, x.PricePerShare, SecId("stock"));
                    if (x.Exclusion is not null || x.ConsiderationKind != "cash")
                        NotInOcf($"event {_seq}: the anti-dilution exclusion and consideration kind of an issuance (OCF has no field for them)");
                    return;

                case SharesTransferred x:
                    foreach (var (lot, taken, left) in Take(x.From, x.Security, x.Shares))
                    {
                        var tx = Tx("TX_STOCK_TRANSFER", x.Date);
                        tx["security_id"] = lot.Id;
                        tx["quantity"] = OcfJson.Numeric(taken);
                        var to = SecId("stock");
                        tx["resulting_security_ids"] = new JsonArray((JsonNode)to);
                        Balance(tx, x.Date, x.From, x.Security, left, 0m);
                        NewStock(x.Date, x.To, x.Security, taken, 0m, to);
                    }

                    return;

                case SharesCancelled x:
                    foreach (var (lot, taken, left) in Take(x.Holder, x.Security, x.Shares))
                    {
                        var tx = Tx("TX_STOCK_CANCELLATION", x.Date);
                        tx["security_id"] = lot.Id;
                        tx["quantity"] = OcfJson.Numeric(taken);
                        tx["reason_text"] = x.Reason ?? "cancelled";
                        Balance(tx, x.Date, x.Holder, x.Security, left, 0m);
                    }

                    return;

                case PreferredRepurchased x:
                    // A negotiated repurchase of preferred: TX_STOCK_REPURCHASE at the agreed price (the approval, the
                    // consent and the reading travel in the charta-event comment).
                    foreach (var (lot, taken, left) in Take(x.Holder, x.Series, x.Shares))
                    {
                        var tx = Tx("TX_STOCK_REPURCHASE", x.Date);
                        tx["security_id"] = lot.Id;
                        tx["quantity"] = OcfJson.Numeric(taken);
                        tx["price"] = Money(x.PricePerShare);
                        tx["consideration_text"] = x.Approval;
                        Balance(tx, x.Date, x.Holder, x.Series, left, 0m);
                    }

                    return;

                case AuthorizedSharesAmended x:
                {
                    // OCF has the issuer's total and each class's number; the preferred as a whole travels in the comment.
                    var before = _charter.Authorized;
                    var total = x.Total ?? before.Total.Value + ((x.Common ?? before.Common.Value) - before.Common.Value) + ((x.Preferred ?? before.Preferred.Value) - before.Preferred.Value);
                    var tx = Tx("TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT", x.Date);
                    tx["issuer_id"] = _issuerId;
                    tx["new_shares_authorized"] = OcfJson.Numeric(total);
                    if (x.Common is { } common)
                    {
                        var ctx2 = Tx("TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT", x.Date);
                        ctx2["stock_class_id"] = _charter.Common.Id;
                        ctx2["new_shares_authorized"] = OcfJson.Numeric(common);
                    }

                    return;
                }

                case SharesReissued x:
                    foreach (var (lot, taken, left) in Take(x.Holder, x.Security, x.Shares))
                    {
                        var tx = Tx("TX_STOCK_REISSUANCE", x.Date);
                        tx["security_id"] = lot.Id;
                        var ids = new JsonArray();
                        tx["resulting_security_ids"] = ids;
                        if (x.Reason is not null) tx["reason_text"] = x.Reason;
                        var id = SecId("stock");
                        ids.Add((JsonNode)id);
                        NewStock(x.Date, x.Holder, x.Security, taken + left, 0m, id);
                    }

                    return;

                case ConversionCorrected:
                    return; // written with the conversion it corrects (Restate)

                case PreferredConverted:
                    // The stored outcome (common issued, FOURTH §6(a)(i), §6(g)(i)) as the fold delivered it: one
                    // TX_STOCK_CONVERSION per preferred lot given up, never re-derived from today's prices; a later
                    // correction (conversion-corrected) adds only what it corrects.
                    if (_restated.TryGetValue(_seq, out var converted)) Restate(e, converted);
                    return;

                case StockSplit x:
                    SplitCommon(x.Date, x.Numerator, x.Denominator);
                    return;

                case CommonReclassified x:
                {
                    // FOURTH §6(e)(iii): every common share (and every option and warrant over the common, at the same
                    // ratio) becomes the new class in the same event, under the common's id: for the holdings this is
                    // a split of the common, which is how OCF v1.2.0 can state it (the instruments' balances follow,
                    // as the fold scales them). The new class's name travels in the Charta extension.
                    var tx = SplitCommon(x.Date, x.SharesPerCommonShare, 1m);
                    tx["comments"] = new JsonArray((JsonNode)$"charta event: {EventCatalog.NameOf(e).Name}",
                        (JsonNode)$"common reclassified into {OcfJson.Numeric(x.SharesPerCommonShare)} {x.NewClass} per share");
                    NotInOcf($"event {_seq} 'common-reclassified' (OCF has no reclassification; written as a split of the common stock, which scales its holders and the options and warrants over it)");
                    return;
                }

                case InstrumentGranted x:
                {
                    var inst = final.Instruments.GetValueOrDefault(x.GrantId);
                    var g = new Grant(inst ?? new Instrument(x.GrantId, x.Holder, x.Kind, x.Underlying, x.Date, x.Expires, x.MaxShares, x.ExercisePrice, x.ConsiderationReceived, x.Exclusion, x.Approval, x.MaxShares, x.ExercisePrice, 0, 0, 0), x.GrantId, x.MaxShares);
                    _grants[x.GrantId] = g;
                    Grant(x.Date, g, x.MaxShares, x.ExercisePrice, x.ConsiderationReceived, x.Expires, withVesting: true);
                    if (x.Kind == "convertible") _notExported.Add($"instrument {x.GrantId}: a convertible over a fixed number of shares is written as a warrant");
                    return;
                }

                case InstrumentExercised x:
                {
                    var g = _grants[x.GrantId];
                    var warrant = g.Instrument.Kind != "option";
                    var tx = Tx(warrant ? "TX_WARRANT_EXERCISE" : "TX_EQUITY_COMPENSATION_EXERCISE", x.Date);
                    tx["security_id"] = g.SecurityId;
                    if (warrant) tx["trigger_id"] = "exercise-at-will";
                    else tx["quantity"] = OcfJson.Numeric(x.Shares);
                    var id = SecId("stock");
                    tx["resulting_security_ids"] = new JsonArray((JsonNode)id);
                    NewStock(x.Date, g.Instrument.Holder, g.Instrument.Underlying, x.Shares, g.Instrument.ExercisePrice, id);
                    g.Outstanding -= x.Shares;
                    return;
                }

                case InstrumentRepriced x:
                {
                    // OCF v1.2.0 has no repricing transaction (the new price travels in the Charta extension); fewer
                    // shares still issuable is a cancellation of the difference, so the OCF balance is right from that date.
                    var g = _grants[x.GrantId];
                    if (x.Outstanding is { } left && left < g.Outstanding) CancelInstrument(x.Date, g, g.Outstanding - left, $"repriced to {OcfJson.Numeric(x.ExercisePrice)}: {left} shares still issuable");
                    else NotInOcf($"event {_seq} 'instrument-repriced' (OCF v1.2.0 has no repricing transaction)");
                    return;
                }

                case InstrumentCancelled x:
                    CancelInstrument(x.Date, _grants[x.GrantId], x.Shares, x.Reason ?? "cancelled");
                    return;

                case InstrumentExpired x:
                {
                    var g = _grants[x.GrantId];
                    if (g.Outstanding > 0) CancelInstrument(x.Date, g, g.Outstanding, "expired");
                    return;
                }

                case VestingAccelerated x:
                {
                    var tx = Tx("TX_VESTING_ACCELERATION", x.Date);
                    tx["security_id"] = _grants[x.GrantId].SecurityId;
                    tx["quantity"] = OcfJson.Numeric(x.Shares);
                    tx["reason_text"] = x.Reason ?? "acceleration";
                    return;
                }

                case VestingScheduled:
                    return; // written as the vestings of the instrument's issuance

                case AuthorizedSharesChanged x:
                {
                    var tx = Tx(x.Class is null ? "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT" : "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT", x.Date);
                    if (x.Class is null) tx["issuer_id"] = _issuerId;
                    else tx["stock_class_id"] = x.Class;
                    tx["new_shares_authorized"] = OcfJson.Numeric(x.Shares);
                    return;
                }

                case ConversionPriceSet:
                    return; // written from the conversion-price history

                case PlanReserveSet x:
                {
                    if (!_plans.ContainsKey(x.PlanId))
                    {
                        _plans[x.PlanId] = new JsonObject
                        {
                            ["object_type"] = "STOCK_PLAN",
                            ["id"] = x.PlanId,
                            ["plan_name"] = x.Name,
                            ["board_approval_date"] = OcfJson.Iso(x.Date),
                            ["initial_shares_reserved"] = OcfJson.Numeric(x.Shares),
                            ["stock_class_ids"] = new JsonArray((JsonNode)x.Class),
                        };
                        return;
                    }

                    var tx = Tx("TX_STOCK_PLAN_POOL_ADJUSTMENT", x.Date);
                    tx["stock_plan_id"] = x.PlanId;
                    tx["shares_reserved"] = OcfJson.Numeric(x.Shares);
                    return;
                }

                case ConvertibleIssued x:
                {
                    var tx = Tx("TX_CONVERTIBLE_ISSUANCE", x.Date);
                    tx["security_id"] = x.Id;
                    tx["custom_id"] = CustomId("CN-");
                    tx["stakeholder_id"] = Stakeholder(x.Holder);
                    tx["security_law_exemptions"] = new JsonArray();
                    tx["investment_amount"] = Money(x.Amount);
                    tx["convertible_type"] = x.Type.ToUpperInvariant() is "SAFE" or "NOTE" or "CONVERTIBLE_SECURITY" ? x.Type.ToUpperInvariant() : "CONVERTIBLE_SECURITY";
                    tx["conversion_triggers"] = new JsonArray(new JsonObject
                    {
                        ["trigger_id"] = x.Id + ".conversion",
                        ["type"] = "ELECTIVE_AT_WILL",
                        ["conversion_right"] = new JsonObject
                        {
                            ["type"] = "CONVERTIBLE_CONVERSION_RIGHT",
                            ["conversion_mechanism"] = new JsonObject { ["type"] = "CUSTOM_CONVERSION", ["custom_conversion_description"] = "Terms not recorded in the Charta ledger" },
                            ["converts_to_future_round"] = true,
                        },
                    });
                    tx["seniority"] = 1;
                    return;
                }

                case ConvertibleClosed x:
                {
                    var c = final.Convertibles[x.Id];
                    var tx = Tx(x.Outcome switch { "converted" => "TX_CONVERTIBLE_CONVERSION", "retracted" => "TX_CONVERTIBLE_RETRACTION", _ => "TX_CONVERTIBLE_CANCELLATION" }, x.Date);
                    tx["security_id"] = x.Id;
                    tx["reason_text"] = x.Outcome;
                    if (x.Outcome == "converted")
                    {
                        tx["trigger_id"] = x.Id + ".conversion";
                        tx["resulting_security_ids"] = new JsonArray();
                    }
                    else if (x.Outcome == "cancelled")
                    {
                        tx["amount"] = Money(c.Amount);
                    }

                    return;
                }

                default:
                    if (_restated.TryGetValue(_seq, out var changes) && changes.Count > 0)
                    {
                        Restate(e, changes);
                        NotInOcf($"event {_seq} '{EventCatalog.NameOf(e).Name}' (OCF has no object for it; written as the conversions, issuances and cancellations it made)");
                    }
                    else
                    {
                        NotInOcf($"event {_seq} '{EventCatalog.NameOf(e).Name}' (OCF has no object for it; its effect on conversion prices is exported)");
                    }

                    return;
            }
        }

        /// <summary>A TX_STOCK_CLASS_SPLIT of the common, n new shares for d old: the lots and the balances of the instruments over the common follow.</summary>
        private JsonObject SplitCommon(DateOnly date, decimal n, decimal d)
        {
            var tx = Tx("TX_STOCK_CLASS_SPLIT", date);
            tx["stock_class_id"] = _charter.Common.Id;
            tx["split_ratio"] = new JsonObject { ["numerator"] = OcfJson.Numeric(n), ["denominator"] = OcfJson.Numeric(d) };
            foreach (var ((holder, cls), lots) in _lots)
            {
                if (cls != _charter.Common.Id || lots.Count == 0) continue;
                var before = lots.Sum(l => l.Remaining);
                var after = (long)decimal.Floor((decimal)before * n / d);
                long sum = 0;
                foreach (var l in lots) sum += l.Remaining = (long)decimal.Floor((decimal)l.Remaining * n / d);
                lots[^1].Remaining += after - sum;
            }

            foreach (var g in _grants.Values.Where(g => g.Instrument.Underlying == _charter.Common.Id))
                g.Outstanding = (long)decimal.Floor((decimal)g.Outstanding * n / d);
            return tx;
        }

        private decimal PriceAt(string series, DateOnly date, long seq)
        {
            var price = _charter.FindSeries(series)!.InitialConversionPrice.Value;
            foreach (var h in final.ConversionPriceHistory)
            {
                if (h.Series != series) continue;
                if (h.Date < date || (h.Date == date && h.EventSequence < seq)) price = h.To;
            }

            return price;
        }

        private void Grant(DateOnly date, Grant g, long quantity, decimal price, decimal consideration, DateOnly? expires, bool withVesting, bool derived = false)
        {
            var i = g.Instrument;
            var option = i.Kind == "option";
            var tx = Tx(option ? "TX_EQUITY_COMPENSATION_ISSUANCE" : "TX_WARRANT_ISSUANCE", date, derived ? "bal" : null);
            tx["security_id"] = g.SecurityId;
            tx["custom_id"] = CustomId(option ? "EC-" : "W-");
            tx["stakeholder_id"] = Stakeholder(i.Holder);
            tx["security_law_exemptions"] = new JsonArray();
            if (option)
            {
                tx["stock_class_id"] = i.Underlying;
                tx["compensation_type"] = "OPTION";
                tx["quantity"] = OcfJson.Numeric(quantity);
                tx["exercise_price"] = Money(price);
            }
            else
            {
                tx["quantity"] = OcfJson.Numeric(quantity);
                tx["exercise_price"] = Money(price);
                tx["purchase_price"] = Money(consideration);
                tx["exercise_triggers"] = new JsonArray(new JsonObject
                {
                    ["trigger_id"] = "exercise-at-will",
                    ["type"] = "ELECTIVE_AT_WILL",
                    ["conversion_right"] = new JsonObject
                    {
                        ["type"] = "WARRANT_CONVERSION_RIGHT",
                        ["conversion_mechanism"] = new JsonObject { ["type"] = "FIXED_AMOUNT_CONVERSION", ["converts_to_quantity"] = OcfJson.Numeric(quantity) },
                        ["converts_to_stock_class_id"] = i.Underlying,
                    },
                });
                if (expires is { } we) tx["warrant_expiration_date"] = OcfJson.Iso(we);
            }

            if (withVesting && final.Vesting.TryGetValue(i.GrantId, out var v))
            {
                if (v.Tranches.Count > 0)
                {
                    tx["vestings"] = new JsonArray(v.Tranches.Select(t => (JsonNode)new JsonObject { ["date"] = OcfJson.Iso(t.Date), ["amount"] = OcfJson.Numeric(t.Shares) }).ToArray());
                }
                else
                {
                    // Nothing vests by date (e.g. only on events): OCF reads a security without vesting terms or
                    // vestings as fully vested, so write terms that vest nothing until an acceleration says so.
                    var termsId = $"vt-{i.GrantId}";
                    tx["vesting_terms_id"] = termsId;
                    _vestingTerms.Add(new JsonObject
                    {
                        ["object_type"] = "VESTING_TERMS",
                        ["id"] = termsId,
                        ["name"] = v.Terms ?? "Vests on events only",
                        ["description"] = "Nothing vests by date; shares vest when an acceleration or vesting event is recorded.",
                        ["allocation_type"] = "CUMULATIVE_ROUND_DOWN",
                        ["vesting_conditions"] = new JsonArray(new JsonObject
                        {
                            ["id"] = "start",
                            ["quantity"] = "0",
                            ["trigger"] = new JsonObject { ["type"] = "VESTING_START_DATE" },
                            ["next_condition_ids"] = new JsonArray(),
                        }),
                    });
                    var start = Tx("TX_VESTING_START", date, "vs");
                    start["security_id"] = g.SecurityId;
                    start["vesting_condition_id"] = "start";
                }
            }
            if (option)
            {
                tx["expiration_date"] = expires is { } e ? OcfJson.Iso(e) : null;
                tx["termination_exercise_windows"] = new JsonArray();
            }
        }

        private void CancelInstrument(DateOnly date, Grant g, long shares, string reason)
        {
            var option = g.Instrument.Kind == "option";
            var tx = Tx(option ? "TX_EQUITY_COMPENSATION_CANCELLATION" : "TX_WARRANT_CANCELLATION", date);
            tx["security_id"] = g.SecurityId;
            tx["quantity"] = OcfJson.Numeric(shares);
            tx["reason_text"] = reason;
            g.Outstanding -= shares;
            if (g.Outstanding > 0)
            {
                g.Balances++;
                g.SecurityId = $"{g.Instrument.GrantId}-b{g.Balances}";
                tx["balance_security_id"] = g.SecurityId;
                Grant(date, g, g.Outstanding, g.Instrument.ExercisePrice, 0m, g.Instrument.Expires, withVesting: false, derived: true);
            }
        }
    }
}
