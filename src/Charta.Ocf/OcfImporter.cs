using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Charta.Core;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Ocf;

/// <summary>How to import: which charter (null = build one from the package's stock classes), the class map, leniency.</summary>
public sealed record OcfImportOptions
{
    public bool Lenient { get; init; }
    /// <summary>The charter to run the package on, with its JSON text; null builds a generic charter from the package.</summary>
    public (string Id, string Json)? Charter { get; init; }
    /// <summary>OCF stock class id → the charter's class id ("common" or a series id).</summary>
    public IReadOnlyDictionary<string, string> ClassMap { get; init; } = new Dictionary<string, string>();
    /// <summary>The currency every monetary amount of the package must be in (ISO 4217). Nothing is converted.</summary>
    public string Currency { get; init; } = "USD";
}

/// <summary>What an import produced: the charter, the ledger events (registry first), every finding, and the cap table.</summary>
public sealed record OcfImportResult(
    CharterDocument? Charter,
    string? CharterJson,
    IReadOnlyList<LedgerEvent> Events,
    IReadOnlyList<OcfIssue> Issues,
    CapTable? CapTable)
{
    public bool Ok => CapTable is not null && Issues.All(i => i.Severity != OcfSeverity.Error);
    public IEnumerable<OcfIssue> Errors => Issues.Where(i => i.Severity == OcfSeverity.Error);
    public IEnumerable<OcfIssue> Warnings => Issues.Where(i => i.Severity == OcfSeverity.Warning);
}

/// <summary>
/// Maps a validated OCF package to a charter and ledger events, then folds them once to prove the whole package
/// imports. Nothing is written here: the caller appends <see cref="OcfImportResult.Events"/> in one transaction.
/// </summary>
public static partial class OcfImporter
{
    public static OcfImportResult Import(string path, OcfImportOptions options)
    {
        var issues = new List<OcfIssue>();
        return ImportRead(OcfPackageReader.Read(path, options.Lenient, issues), options, issues);
    }

    /// <summary>Imports a package held in memory (file name → bytes).</summary>
    public static OcfImportResult Import(IReadOnlyDictionary<string, byte[]> files, OcfImportOptions options)
    {
        var issues = new List<OcfIssue>();
        return ImportRead(OcfPackageReader.Read("(memory)", files, options.Lenient, issues), options, issues);
    }

    private static OcfImportResult ImportRead(OcfPackage? package, OcfImportOptions options, List<OcfIssue> issues)
    {
        if (package is null || issues.Any(i => i.Severity == OcfSeverity.Error))
            return new OcfImportResult(null, null, [], issues, null);
        return Import(package, options, issues);
    }

    public static OcfImportResult Import(OcfPackage package, OcfImportOptions options, List<OcfIssue>? issues = null)
    {
        issues ??= [];
        var m = new Mapper(package, options, issues);
        try
        {
            m.Run();
        }
        catch (MappingStopped)
        {
            // The findings are in the issues.
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, package.Source, null, "", $"a value is out of range: {ex.Message.Split('\n')[0].TrimEnd('.')}"));
        }

        if (issues.Any(i => i.Severity == OcfSeverity.Error) || m.Charter is null)
            return new OcfImportResult(m.Charter, m.CharterJson, [], issues, null);

        // A Charta export imported on a charter: the ledger events of the extension, exactly as recorded.
        if (m.Extension is not null && m.Extension.Count > 0)
        {
            m.UseExtension();
            if (issues.Any(i => i.Severity == OcfSeverity.Error))
                return new OcfImportResult(m.Charter, m.CharterJson, [], issues, null);
        }

        (Result<CapTable> Result, int RefusedIndex) traced;
        try
        {
            // The extension's events may void one another: the ledger's own fold leaves a voided event and its void out.
            traced = m.UsedExtension
                ? (Fold.TryReplay(m.Events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToArray()), -1)
                : FoldTrace.TryReplay(m.Events);
        }
        catch (OverflowException)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, package.Source, null, "", "the share counts are too large for the cap table to add up"));
            return new OcfImportResult(m.Charter, m.CharterJson, [], issues, null);
        }

        var (result, refused) = traced;
        if (!result.IsOk)
        {
            var (file, id, p) = refused >= 0 ? m.Sources[refused] : (package.Source, null, "");
            issues.Add(new OcfIssue(OcfSeverity.Error, file, id, p, $"the charter refuses it: {result.Refusal}"));
            return new OcfImportResult(m.Charter, m.CharterJson, [], issues, null);
        }

        if (m.UsedExtension) m.CheckAgainstOcf(result.Value);
        if (issues.Any(i => i.Severity == OcfSeverity.Error))
            return new OcfImportResult(m.Charter, m.CharterJson, [], issues, null);
        return new OcfImportResult(m.Charter, m.CharterJson, m.Events, issues, result.Value);
    }

    private sealed class MappingStopped : Exception;

    /// <summary>An OCF security as the import follows it: who holds how much of what.</summary>
    private sealed class Security(string id, string kind, string holder, string cls, long remaining, string grantId)
    {
        public string Id { get; } = id;
        public string Kind { get; } = kind;   // stock, option, warrant, convertible
        public string Holder { get; } = holder;
        public string Class { get; set; } = cls;
        public long Remaining { get; set; } = remaining;
        public string GrantId { get; } = grantId;
    }

    private sealed partial class Mapper(OcfPackage package, OcfImportOptions options, List<OcfIssue> issues)
    {
        public CharterDocument? Charter;
        public string? CharterJson;
        public readonly List<LedgerEvent> Events = [];
        public readonly List<(string File, string? Id, string Path)> Sources = [];

        private readonly Dictionary<string, string> _holders = new(StringComparer.Ordinal);      // stakeholder id → holder name
        private readonly Dictionary<string, string> _classes = new(StringComparer.Ordinal);      // OCF class id → charter class id
        private readonly Dictionary<string, OcfItem> _plans = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OcfItem> _vestingTerms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OcfItem> _issuances = new(StringComparer.Ordinal);   // security id → issuance
        private readonly HashSet<string> _derived = new(StringComparer.Ordinal);                 // issued by another transaction
        private readonly Dictionary<string, Security> _securities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _grantTerms = new(StringComparer.Ordinal);    // grant id → vesting terms id
        private readonly Dictionary<OcfItem, List<string>> _resolvedResults = [];

        private void Error(OcfItem? item, string path, string message)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, item?.File ?? OcfPackageReader.ManifestName, item?.Id, item is null ? path : item.Path + path, message));
        }

        private void Warn(OcfItem? item, string path, string message) =>
            issues.Add(new OcfIssue(OcfSeverity.Warning, item?.File ?? OcfPackageReader.ManifestName, item?.Id, item is null ? path : item.Path + path, message));

        private void Emit(LedgerEvent e, OcfItem? source)
        {
            Events.Add(e);
            Sources.Add(source is null ? (OcfPackageReader.ManifestName, null, "") : (source.File, source.Id, source.Path));
        }

        private IEnumerable<OcfItem> OfType(params string[] types) => package.Items.Where(i => types.Contains(i.ObjectType));

        public void Run()
        {
            var dup = package.Items.Where(i => !i.Id.StartsWith('#')).GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1);
            foreach (var g in dup) Error(g.Skip(1).First(), "/id", $"the id '{g.Key}' is used by {g.Count()} objects");

            CheckValues();

            var issuer = package.Manifest.GetProperty("issuer");
            var company = issuer.Str("legal_name") ?? "Company";
            var formed = issuer.Date("formation_date");
            var txs = OfType(package.Items.Where(i => i.ObjectType.StartsWith("TX_", StringComparison.Ordinal)).Select(i => i.ObjectType).Distinct().ToArray()).ToList();
            var firstDate = txs.Select(t => t.Json.Date("date")).Where(d => d is not null).Min() ?? formed ?? new DateOnly(2000, 1, 1);

            foreach (var p in OfType("STOCK_PLAN")) _plans[p.Id] = p;
            foreach (var v in OfType("VESTING_TERMS")) _vestingTerms[v.Id] = v;

            if (options.Charter is not null) ReadExtension();
            else if (package.Manifest.Strings("comments").Any(c => c.StartsWith(OcfExtension.Marker[..15], StringComparison.Ordinal)))
                Warn(null, "/comments", "the package was exported by Charta with its ledger events (the Charta extension, docs/ocf.md); they are read only with --charter (the charter the ledger was kept on), so only what the OCF objects state is imported");
            BuildCharter(company, formed, txs);
            if (Charter is null) throw new MappingStopped();
            Emit(new CompanyCreated(formed ?? firstDate, Charter.Id, CharterJson!, formed), null);

            MapStakeholders(formed ?? firstDate);
            MapPlans(formed ?? firstDate, firstDate);
            IndexSecurities(txs);
            foreach (var tx in Order(txs))
            {
                try
                {
                    MapTransaction(tx);
                }
                catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
                {
                    // A date or number that cannot be computed with (e.g. a vesting period past year 9999).
                    Error(tx, "", $"a value is out of range: {ex.Message.Split('\n')[0].TrimEnd('.')}");
                }
            }

            FlushConversion();

            // stock_legend_ids are read by nothing else: a legend id that names no legend template of the package is an
            // error (a warning with --lenient, where the legend is left out). The references the mapping follows
            // (stakeholders, classes, securities) are checked where they are used.
            foreach (var issue in OcfReferences.Check(package).Where(i => i.Path.Contains("/stock_legend_ids/", StringComparison.Ordinal)))
                issues.Add(options.Lenient ? issue with { Severity = OcfSeverity.Warning, Message = issue.Message + "; left out (--lenient)" } : issue);
        }

        /// <summary>
        /// What the schemas cannot say, checked before anything is mapped: every monetary amount is in the currency of
        /// the import (USD unless --currency says otherwise; nothing is converted) and held exactly, every date lies
        /// in 1900–2200, every stakeholder name is a valid name (NFC, 1–200 characters, no control or bidi-override
        /// characters), and every id a package refers to names an object of it.
        /// </summary>
        private void CheckValues()
        {
            CheckTree(null, package.Manifest, "");
            // A stakeholder's name is checked where it is mapped (MapStakeholders), with the other name rules.
            foreach (var item in package.Items) CheckTree(item, item.Json, "");
        }

        private void CheckTree(OcfItem? item, JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    if (e.TryGetProperty("amount", out var amount) && e.TryGetProperty("currency", out var currency) && currency.ValueKind == JsonValueKind.String)
                    {
                        if (!string.Equals(currency.GetString(), options.Currency, StringComparison.Ordinal))
                            Error(item, path + "/currency", $"is {currency.GetString()}, but this import is in {options.Currency}; Charta converts no currency (re-state the amount in {options.Currency}, or import with --currency {currency.GetString()} if every amount is in it)");
                        if (amount.ValueKind == JsonValueKind.String && !Limits.TryExactDecimal(amount.GetString(), out var value, out var why) && amount.GetString()!.Length > 0 && char.IsAsciiDigit(amount.GetString()![^1]))
                            Error(item, path + "/amount", $"{Charta.Core.Names.StakeholderName.Escape(amount.GetString()!, 40)} {why}");
                        else if (amount.ValueKind == JsonValueKind.String && Limits.TryExactDecimal(amount.GetString(), out value, out _) && Math.Abs(value) > Limits.MaxAmount)
                            Error(item, path + "/amount", $"{amount.GetString()} is beyond {Limits.MaxAmount:N0}, the largest amount Charta computes exactly (see Limits in docs/cli.md)");
                    }

                    foreach (var p in e.EnumerateObject()) CheckTree(item, p.Value, $"{path}/{p.Name.Replace("~", "~0").Replace("/", "~1")}");
                    return;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var x in e.EnumerateArray()) CheckTree(item, x, $"{path}/{i++}");
                    return;
                case JsonValueKind.String:
                    var text = e.GetString()!;
                    var key = path[(path.LastIndexOf('/') + 1)..];
                    if (key is "legal_name" or "name" or "plan_name" or "id" or "security_id" or "stakeholder_id" or "stock_class_id" or "stock_plan_id"
                        && !(item?.ObjectType == "STAKEHOLDER" && path == "/name/legal_name")
                        && Charta.Core.Names.StakeholderName.Problem(text) is { } badText)
                        Error(item, path, $"{Charta.Core.Names.StakeholderName.Escape(text, 60)} {badText}");
                    if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                        && Limits.CheckDate(date) is { } bad)
                        Error(item, path, $"{text} {bad}");
                    return;
            }
        }

        private (string Holder, DateOnly Date, Dictionary<string, long> Lots, OcfItem Source)? _pendingConversion;

        private void FlushConversion()
        {
            if (_pendingConversion is not { } pc) return;
            _pendingConversion = null;
            Emit(new PreferredConverted(pc.Date, pc.Holder, pc.Lots.Select(kv => new ConvertedLot(kv.Key, kv.Value)).ToArray()), pc.Source);
        }

        // ---- stakeholders -------------------------------------------------------------------------------------

        private void MapStakeholders(DateOnly date)
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in OfType("STAKEHOLDER"))
            {
                var raw = (s.Json.Obj("name")?.Str("legal_name") ?? s.Id).Trim();
                if (raw.Length == 0) raw = s.Id;
                var parsed = Charta.Core.Names.StakeholderName.Parse("legal_name", raw);
                if (!parsed.IsOk) { Error(s, "/name/legal_name", $"{parsed.Refusal!.Value}: {parsed.Refusal.Reason}"); continue; }
                var name = parsed.Value.Value;
                if (!used.Add(name))
                {
                    Warn(s, "/name/legal_name", $"another stakeholder is also named '{name}'; this one is recorded as '{name} ({s.Id})'");
                    name = $"{name} ({s.Id})";
                    used.Add(name);
                }

                _holders[s.Id] = name;
                var kind = s.Json.Str("stakeholder_type") switch { "INDIVIDUAL" => "individual", "INSTITUTION" => "institution", var k => k?.ToLowerInvariant() };
                Emit(new StakeholderAdded(date, name, kind), s);
            }
        }

        private string? Holder(OcfItem item, string field = "stakeholder_id")
        {
            var id = item.Json.Str(field);
            if (id is not null && _holders.TryGetValue(id, out var name)) return name;
            Error(item, "/" + field, $"'{id}' is not a stakeholder of the package");
            return null;
        }

        private string? Class(OcfItem item, string? ocfClass, string field)
        {
            if (ocfClass is not null && _classes.TryGetValue(ocfClass, out var c)) return c;
            Error(item, "/" + field, $"'{ocfClass}' is not a stock class of the package");
            return null;
        }

        // ---- plans --------------------------------------------------------------------------------------------

        private void MapPlans(DateOnly formed, DateOnly firstDate)
        {
            foreach (var p in _plans.Values)
            {
                var cls = p.Json.Str("stock_class_id") ?? p.Json.Strings("stock_class_ids").FirstOrDefault();
                var charterClass = cls is null ? Charter!.Common.Id : Class(p, cls, "stock_class_id");
                if (charterClass is null) continue;
                if (Shares(p, p.Json, "initial_shares_reserved", allowZero: true) is not { } reserved) continue;
                var date = p.Json.Date("board_approval_date") ?? p.Json.Date("stockholder_approval_date") ?? firstDate;
                if (date < formed) date = formed;
                Emit(new PlanReserveSet(date, p.Id, p.Json.Str("plan_name") ?? p.Id, charterClass, reserved), p);
            }
        }

        // ---- the security-id lifecycle ------------------------------------------------------------------------

        private static readonly string[] ResultingFields = ["resulting_security_ids"];

        private void IndexSecurities(List<OcfItem> txs)
        {
            foreach (var tx in txs)
                if (tx.ObjectType.EndsWith("_ISSUANCE", StringComparison.Ordinal) && tx.Json.Str("security_id") is { } sid)
                    if (!_issuances.TryAdd(sid, tx)) Error(tx, "/security_id", $"security '{sid}' is issued twice");

            foreach (var tx in txs)
            {
                if (tx.Json.Str("balance_security_id") is { } b) _derived.Add(b);
                foreach (var f in ResultingFields)
                foreach (var r in tx.Json.Strings(f))
                    _derived.Add(r);
            }

            // An exercise whose resulting security is not in the package: the stock issued to the same holder, of the
            // same class, on the same date, for the same quantity, is taken as its result (the OCF tutorial package does this).
            foreach (var tx in txs.Where(t => IsExercise(t.ObjectType)))
            {
                var results = tx.Json.Strings("resulting_security_ids").ToList();
                var resolved = new List<string>();
                foreach (var r in results)
                {
                    if (_issuances.ContainsKey(r))
                    {
                        resolved.Add(r);
                        continue;
                    }

                    var grant = tx.Json.Str("security_id") is { } g ? _issuances.GetValueOrDefault(g) : null;
                    var qty = tx.Json.Num("quantity");
                    var candidate = grant is null ? null : txs.FirstOrDefault(s => s.ObjectType == "TX_STOCK_ISSUANCE"
                        && s.Json.Str("security_id") is { } ss && !_derived.Contains(ss)
                        && s.Json.Str("stakeholder_id") == grant.Json.Str("stakeholder_id")
                        && s.Json.Date("date") == tx.Json.Date("date")
                        && (qty is null || s.Json.Num("quantity") == qty)
                        && (grant.Json.Str("stock_class_id") is not { } gc || s.Json.Str("stock_class_id") == gc
                            || (grant.Json.Str("stock_plan_id") is { } gp && _plans.TryGetValue(gp, out var plan) && plan.Json.Str("stock_class_id") == s.Json.Str("stock_class_id"))));
                    if (candidate is not null)
                    {
                        var cs = candidate.Json.Str("security_id")!;
                        _derived.Add(cs);
                        resolved.Add(cs);
                        Warn(tx, "/resulting_security_ids", $"'{r}' is not a security of the package; the stock issuance '{candidate.Id}' (same holder, class, date and quantity) is taken as the result of this exercise");
                    }
                    else
                    {
                        Error(tx, "/resulting_security_ids", $"'{r}' is not a security of the package");
                    }
                }

                _resolvedResults[tx] = resolved;
            }
        }

        private static bool IsExercise(string t) => t is "TX_EQUITY_COMPENSATION_EXERCISE" or "TX_PLAN_SECURITY_EXERCISE" or "TX_WARRANT_EXERCISE"
            or "TX_EQUITY_COMPENSATION_RELEASE" or "TX_PLAN_SECURITY_RELEASE";

        private Security? Sec(OcfItem tx, params string[] kinds)
        {
            var id = tx.Json.Str("security_id");
            if (id is not null && _securities.TryGetValue(id, out var s))
            {
                if (kinds.Contains(s.Kind)) return s;
                Error(tx, "/security_id", $"'{id}' is a {s.Kind}, not a {string.Join(" or ", kinds)}");
                return null;
            }

            Error(tx, "/security_id", _issuances.ContainsKey(id ?? "")
                ? $"security '{id}' is not outstanding on {tx.Json.Str("date")} (issued later, or already consumed by an earlier transaction)"
                : $"'{id}' is not a security of the package");
            return null;
        }

        private IEnumerable<(string Id, OcfItem Issuance)> Results(OcfItem tx)
        {
            var ids = _resolvedResults.TryGetValue(tx, out var r) ? r : tx.Json.Strings("resulting_security_ids").ToList();
            foreach (var id in ids)
            {
                if (_issuances.TryGetValue(id, out var iss)) yield return (id, iss);
                else Error(tx, "/resulting_security_ids", $"'{id}' is not a security of the package");
            }
        }

        private void Balance(OcfItem tx, Security from, long remaining)
        {
            from.Remaining = 0;
            _securities.Remove(from.Id);
            var b = tx.Json.Str("balance_security_id");
            if (remaining > 0 && b is null)
            {
                Error(tx, "/balance_security_id", $"leaves {remaining} of security '{from.Id}' but names no balance security");
                return;
            }

            if (b is null) return;
            if (_issuances.TryGetValue(b, out var iss) && iss.Json.Num("quantity") is { } q && q != remaining)
                Warn(tx, "/balance_security_id", $"the balance issuance '{iss.Id}' states {OcfJson.Numeric(q)}, but {remaining} remain; {remaining} are carried");
            _securities[b] = new Security(b, from.Kind, from.Holder, from.Class, remaining, from.GrantId);
        }

        // ---- transactions -------------------------------------------------------------------------------------

        /// <summary>Same-day order: authorizations, issuances, vesting starts, pool changes, splits, price changes, movements, cancellations.</summary>
        private static int Priority(string t) => t switch
        {
            "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT" or "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT" => 0,
            _ when t.EndsWith("_ISSUANCE", StringComparison.Ordinal) => 1,
            "TX_VESTING_START" => 2,
            "TX_STOCK_PLAN_POOL_ADJUSTMENT" => 3,
            "TX_STOCK_CLASS_SPLIT" => 4,
            "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT" => 5,
            _ when t.Contains("CANCELLATION", StringComparison.Ordinal) || t.Contains("REPURCHASE", StringComparison.Ordinal)
                   || t.Contains("RETRACTION", StringComparison.Ordinal) || t.Contains("RETURN_TO_POOL", StringComparison.Ordinal) => 7,
            _ => 6,
        };

        private IEnumerable<OcfItem> Order(List<OcfItem> txs)
        {
            foreach (var t in txs.Where(t => t.Json.Date("date") is null)) Error(t, "/date", "a transaction needs a date");
            return txs.Where(t => t.Json.Date("date") is not null)
                .Select((t, i) => (t, i))
                .OrderBy(x => x.t.Json.Date("date"))
                .ThenBy(x => Priority(x.t.ObjectType))
                .ThenBy(x => x.i)
                .Select(x => x.t)
                .ToList();
        }

        /// <summary>A quadrillion shares: more than any company has, small enough that sums never overflow.</summary>
        private const long MaxShares = 1_000_000_000_000_000;

        private long? Shares(OcfItem item, JsonElement e, string field, bool allowZero = false, string prefix = "")
        {
            var text = e.Str(field);
            if (!OcfJson.TryNumeric(text, out var d))
            {
                Error(item, $"{prefix}/{field}", text is null ? "is missing" : $"'{text}' is not a number of shares");
                return null;
            }

            if (d != decimal.Truncate(d))
            {
                Error(item, $"{prefix}/{field}", $"{text} is a fractional number of shares; Charta keeps whole shares");
                return null;
            }

            if (d < 0 || (d == 0 && !allowZero) || d > MaxShares)
            {
                Error(item, $"{prefix}/{field}", $"{text} is not a positive number of shares");
                return null;
            }

            return (long)d;
        }

        private void MapTransaction(OcfItem tx)
        {
            var j = tx.Json;
            var date = j.Date("date")!.Value;
            if (_pendingConversion is { } pc && !(tx.ObjectType == "TX_STOCK_CONVERSION" && pc.Date == date
                && j.Str("security_id") is { } cs && _securities.TryGetValue(cs, out var csec) && csec.Holder == pc.Holder))
                FlushConversion();
            // A security issued as the result or balance of another transaction is recorded by that transaction.
            if (tx.ObjectType.EndsWith("_ISSUANCE", StringComparison.Ordinal) && j.Str("security_id") is { } issued && _derived.Contains(issued)) return;
            switch (tx.ObjectType)
            {
                case "TX_STOCK_ISSUANCE":
                {
                    var sid = j.Str("security_id")!;
                    if (_derived.Contains(sid)) return; // issued by the transaction that names it
                    if (Holder(tx) is not { } h || Class(tx, j.Str("stock_class_id"), "stock_class_id") is not { } c || Shares(tx, j, "quantity") is not { } q) return;
                    var price = j.Money("share_price") ?? 0m;
                    if (price < 0) { Error(tx, "/share_price/amount", "must not be negative"); return; }
                    Emit(new SharesIssued(date, h, c, q, price), tx);
                    _securities[sid] = new Security(sid, "stock", h, c, q, sid);
                    if (j.Str("vesting_terms_id") is not null || j.Arr("vestings").Any())
                        Warn(tx, "/vesting_terms_id", "vesting of restricted stock is not recorded (Charta records vesting of options and warrants); the shares count as issued");
                    return;
                }

                case "TX_EQUITY_COMPENSATION_ISSUANCE" or "TX_PLAN_SECURITY_ISSUANCE":
                {
                    var sid = j.Str("security_id")!;
                    if (Holder(tx) is not { } h || Shares(tx, j, "quantity") is not { } q) return;
                    var planId = j.Str("stock_plan_id");
                    if (planId is not null && !_plans.ContainsKey(planId)) { Error(tx, "/stock_plan_id", $"'{planId}' is not a stock plan of the package"); return; }
                    var ocfClass = j.Str("stock_class_id") ?? (planId is null ? null : _plans[planId].Json.Str("stock_class_id") ?? _plans[planId].Json.Strings("stock_class_ids").FirstOrDefault());
                    var underlying = ocfClass is null ? Charter!.Common.Id : Class(tx, ocfClass, "stock_class_id");
                    if (underlying is null) return;
                    var price = j.Money("exercise_price") ?? j.Money("base_price") ?? 0m;
                    var expires = ExpiryAfter(tx, date, j.Date("expiration_date"), "/expiration_date");
                    var exclusion = planId is not null ? Charter!.AntiDilution?.FindExclusion("employee-plan") : null;
                    Emit(new InstrumentGranted(date, sid, h, "option", underlying, q, price, expires, 0m, exclusion?.Id,
                        exclusion is null ? null : $"{_plans[planId!].Json.Str("plan_name")} (OCF stock plan {planId})"), tx);
                    _securities[sid] = new Security(sid, "option", h, underlying, q, sid);
                    Vestings(tx, sid, date);
                    return;
                }

                case "TX_WARRANT_ISSUANCE":
                {
                    var sid = j.Str("security_id")!;
                    if (Holder(tx) is not { } h) return;
                    if (j.Str("quantity") is null) { Error(tx, "/quantity", "a warrant without a fixed quantity cannot be recorded (Charta reserves the shares a warrant can buy)"); return; }
                    if (Shares(tx, j, "quantity") is not { } q) return;
                    var ocfClass = j.Arr("exercise_triggers").Select(t => t.Obj("conversion_right")?.Str("converts_to_stock_class_id")).FirstOrDefault(x => x is not null);
                    var underlying = ocfClass is null ? Charter!.Common.Id : Class(tx, ocfClass, "exercise_triggers/0/conversion_right/converts_to_stock_class_id");
                    if (underlying is null) return;
                    var expires = ExpiryAfter(tx, date, j.Date("warrant_expiration_date"), "/warrant_expiration_date");
                    Emit(new InstrumentGranted(date, sid, h, "warrant", underlying, q, j.Money("exercise_price") ?? 0m, expires, j.Money("purchase_price") ?? 0m), tx);
                    _securities[sid] = new Security(sid, "warrant", h, underlying, q, sid);
                    Vestings(tx, sid, date);
                    return;
                }

                case "TX_CONVERTIBLE_ISSUANCE":
                {
                    var sid = j.Str("security_id")!;
                    if (Holder(tx) is not { } h) return;
                    Emit(new ConvertibleIssued(date, sid, h, j.Money("investment_amount") ?? 0m, (j.Str("convertible_type") ?? "NOTE").ToLowerInvariant()), tx);
                    _securities[sid] = new Security(sid, "convertible", h, "", 0, sid);
                    return;
                }

                case "TX_EQUITY_COMPENSATION_EXERCISE" or "TX_PLAN_SECURITY_EXERCISE" or "TX_WARRANT_EXERCISE"
                    or "TX_EQUITY_COMPENSATION_RELEASE" or "TX_PLAN_SECURITY_RELEASE":
                {
                    if (Sec(tx, "option", "warrant") is not { } s) return;
                    var results = Results(tx).ToList();
                    long total = 0;
                    foreach (var (rid, iss) in results)
                    {
                        if (Shares(iss, iss.Json, "quantity") is not { } rq) return;
                        if (iss.Json.Str("stakeholder_id") is { } sh && _holders.GetValueOrDefault(sh) != s.Holder)
                            Error(tx, "/resulting_security_ids", $"the resulting stock '{rid}' goes to another stakeholder than the holder of '{s.Id}'");
                        if (iss.Json.Str("stock_class_id") is { } rc && _classes.GetValueOrDefault(rc) != s.Class)
                            Error(tx, "/resulting_security_ids", $"the resulting stock '{rid}' is of another class than the one '{s.Id}' is exercisable for");
                        total += rq;
                        _securities[rid] = new Security(rid, "stock", s.Holder, s.Class, rq, rid);
                    }

                    var qty = j.Str("quantity") is null ? total : Shares(tx, j, "quantity");
                    if (qty is not { } q) return;
                    if (results.Count > 0 && total != q) Error(tx, "/quantity", $"exercises {q} but the resulting stock totals {total}");
                    if (q > s.Remaining) { Error(tx, "/quantity", $"exercises {q} but security '{s.Id}' has {s.Remaining} left"); return; }
                    Emit(new InstrumentExercised(date, s.GrantId, q), tx);
                    s.Remaining -= q;
                    return;
                }

                case "TX_EQUITY_COMPENSATION_CANCELLATION" or "TX_PLAN_SECURITY_CANCELLATION" or "TX_WARRANT_CANCELLATION":
                {
                    if (Sec(tx, "option", "warrant") is not { } s || Shares(tx, j, "quantity") is not { } q) return;
                    if (q > s.Remaining) { Error(tx, "/quantity", $"cancels {q} but security '{s.Id}' has {s.Remaining} left"); return; }
                    var reason = j.Str("reason_text");
                    if (reason is not null && reason.Contains("expir", StringComparison.OrdinalIgnoreCase) && q == s.Remaining)
                        Emit(new InstrumentExpired(date, s.GrantId), tx);
                    else
                        Emit(new InstrumentCancelled(date, s.GrantId, q, reason), tx);
                    if (j.Str("balance_security_id") is { } b)
                    {
                        _securities.Remove(s.Id);
                        s.Remaining -= q;
                        _securities[b] = s;
                    }
                    else
                    {
                        s.Remaining -= q;
                    }

                    return;
                }

                case "TX_EQUITY_COMPENSATION_RETRACTION" or "TX_PLAN_SECURITY_RETRACTION" or "TX_WARRANT_RETRACTION":
                {
                    if (Sec(tx, "option", "warrant") is not { } s) return;
                    if (s.Remaining > 0) Emit(new InstrumentCancelled(date, s.GrantId, s.Remaining, "retracted: " + j.Str("reason_text")), tx);
                    s.Remaining = 0;
                    return;
                }

                case "TX_CONVERTIBLE_CONVERSION":
                {
                    if (Sec(tx, "convertible") is not { } s) return;
                    Emit(new ConvertibleClosed(date, s.GrantId, "converted"), tx);
                    foreach (var (rid, iss) in Results(tx))
                    {
                        if (Holder(iss) is not { } h || Class(iss, iss.Json.Str("stock_class_id"), "stock_class_id") is not { } c || Shares(iss, iss.Json, "quantity") is not { } q) return;
                        Emit(new SharesIssued(date, h, c, q, iss.Json.Money("share_price") ?? 0m), iss);
                        _securities[rid] = new Security(rid, "stock", h, c, q, rid);
                    }

                    _securities.Remove(s.Id);
                    return;
                }

                case "TX_CONVERTIBLE_CANCELLATION" or "TX_CONVERTIBLE_RETRACTION":
                {
                    if (Sec(tx, "convertible") is not { } s) return;
                    if (j.Str("balance_security_id") is not null) { Error(tx, "/balance_security_id", "a partial cancellation of a convertible is not supported yet"); return; }
                    Emit(new ConvertibleClosed(date, s.GrantId, tx.ObjectType.EndsWith("RETRACTION", StringComparison.Ordinal) ? "retracted" : "cancelled"), tx);
                    _securities.Remove(s.Id);
                    return;
                }

                case "TX_STOCK_TRANSFER":
                {
                    if (Sec(tx, "stock") is not { } s || Shares(tx, j, "quantity") is not { } q) return;
                    if (q > s.Remaining) { Error(tx, "/quantity", $"transfers {q} but security '{s.Id}' holds {s.Remaining}"); return; }
                    long moved = 0;
                    foreach (var (rid, iss) in Results(tx))
                    {
                        if (Holder(iss) is not { } to || Shares(iss, iss.Json, "quantity") is not { } rq) return;
                        if (iss.Json.Str("stock_class_id") is { } rc && _classes.GetValueOrDefault(rc) != s.Class)
                            Error(tx, "/resulting_security_ids", $"the resulting stock '{rid}' is of another class than '{s.Id}'");
                        if (to != s.Holder) Emit(new SharesTransferred(date, s.Holder, to, s.Class, rq), tx);
                        _securities[rid] = new Security(rid, "stock", to, s.Class, rq, rid);
                        moved += rq;
                    }

                    if (moved != q) { Error(tx, "/quantity", $"transfers {q} but the resulting securities hold {moved}"); return; }
                    Balance(tx, s, s.Remaining - q);
                    return;
                }

                case "TX_STOCK_CANCELLATION" or "TX_STOCK_REPURCHASE":
                {
                    if (Sec(tx, "stock") is not { } s || Shares(tx, j, "quantity") is not { } q) return;
                    if (q > s.Remaining) { Error(tx, "/quantity", $"cancels {q} but security '{s.Id}' holds {s.Remaining}"); return; }
                    if (tx.ObjectType == "TX_STOCK_REPURCHASE" && Charter?.FindSeries(s.Class) is not null)
                    {
                        // A repurchase of preferred recorded by another system: a fact already approved (the package
                        // carries no consent record), recorded on the approval-only reading.
                        Emit(new PreferredRepurchased(date, s.Holder, s.Class, q, j.Money("price") ?? 0m,
                            j.Str("consideration_text") is { Length: > 0 } ct ? ct : $"as recorded in the OCF package ({tx.Id})", null, PreferredRepurchased.ApprovalOnlyReading), tx);
                        Balance(tx, s, s.Remaining - q);
                        return;
                    }

                    var reason = tx.ObjectType == "TX_STOCK_REPURCHASE"
                        ? $"repurchased at {OcfJson.Numeric(j.Money("price") ?? 0m)} per share"
                        : j.Str("reason_text");
                    Emit(new SharesCancelled(date, s.Holder, s.Class, q, reason), tx);
                    Balance(tx, s, s.Remaining - q);
                    return;
                }

                case "TX_STOCK_RETRACTION":
                {
                    if (Sec(tx, "stock") is not { } s) return;
                    Emit(new SharesCancelled(date, s.Holder, s.Class, s.Remaining, "retracted: " + j.Str("reason_text")), tx);
                    _securities.Remove(s.Id);
                    return;
                }

                case "TX_STOCK_REISSUANCE":
                {
                    if (Sec(tx, "stock") is not { } s) return;
                    long total = 0;
                    foreach (var (rid, iss) in Results(tx))
                    {
                        if (Holder(iss) is not { } h || Shares(iss, iss.Json, "quantity") is not { } rq) return;
                        if (h != s.Holder) { Error(tx, "/resulting_security_ids", $"'{rid}' reissues to another stakeholder; record a transfer instead"); return; }
                        _securities[rid] = new Security(rid, "stock", h, s.Class, rq, rid);
                        total += rq;
                    }

                    if (total != s.Remaining) { Error(tx, "/resulting_security_ids", $"the reissued securities hold {total}, but '{s.Id}' holds {s.Remaining}"); return; }
                    Emit(new SharesReissued(date, s.Holder, s.Class, s.Remaining, j.Str("reason_text")), tx);
                    _securities.Remove(s.Id);
                    return;
                }

                case "TX_STOCK_CONVERSION":
                {
                    if (Sec(tx, "stock") is not { } s || Shares(tx, j, "quantity_converted") is not { } q) return;
                    if (Charter!.FindSeries(s.Class) is null) { Error(tx, "/security_id", $"'{s.Id}' is common stock; Charta converts preferred into common"); return; }
                    if (q > s.Remaining) { Error(tx, "/quantity_converted", $"converts {q} but security '{s.Id}' holds {s.Remaining}"); return; }
                    foreach (var (rid, iss) in Results(tx))
                    {
                        if (Shares(iss, iss.Json, "quantity") is not { } rq) return;
                        if (iss.Json.Str("stock_class_id") is { } rc && _classes.GetValueOrDefault(rc) != Charter.Common.Id)
                        { Error(tx, "/resulting_security_ids", $"'{rid}' is not common stock; Charta converts preferred into common"); return; }
                        _securities[rid] = new Security(rid, "stock", s.Holder, Charter.Common.Id, rq, rid);
                    }

                    // Conversions by one holder on one date are one conversion: the common is aggregated and rounded once (FOURTH §6(g)(i)).
                    _pendingConversion ??= (s.Holder, date, new Dictionary<string, long>(StringComparer.Ordinal), tx);
                    _pendingConversion.Value.Lots[s.Class] = _pendingConversion.Value.Lots.GetValueOrDefault(s.Class) + q;
                    Balance(tx, s, s.Remaining - q);
                    return;
                }

                case "TX_STOCK_CLASS_SPLIT":
                {
                    if (Class(tx, j.Str("stock_class_id"), "stock_class_id") is not { } c) return;
                    if (!Charter!.IsCommon(c)) { Error(tx, "/stock_class_id", "Charta splits or combines the common stock only (the conversion prices follow proportionately)"); return; }
                    var ratio = j.Obj("split_ratio")!.Value;
                    if (!OcfJson.TryNumeric(ratio.Str("numerator"), out var n) || !OcfJson.TryNumeric(ratio.Str("denominator"), out var d) || n <= 0 || d <= 0)
                    { Error(tx, "/split_ratio", "must be a positive ratio"); return; }
                    for (var k = 0; k < 10 && (n != decimal.Truncate(n) || d != decimal.Truncate(d)); k++) { n *= 10; d *= 10; }
                    if (n > MaxShares || d > MaxShares || n != decimal.Truncate(n) || d != decimal.Truncate(d)) { Error(tx, "/split_ratio", "is not a usable ratio"); return; }
                    Emit(new StockSplit(date, (long)n, (long)d), tx);
                    foreach (var s in _securities.Values.Where(s => s.Kind != "convertible" && s.Class == c))
                        s.Remaining = (long)decimal.Floor(s.Remaining * n / d);
                    return;
                }

                case "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT":
                {
                    if (Class(tx, j.Str("stock_class_id"), "stock_class_id") is not { } c) return;
                    var series = Charter!.FindSeries(c);
                    if (series is null) { Error(tx, "/stock_class_id", "the common stock has no conversion ratio"); return; }
                    var mech = j.Obj("new_ratio_conversion_mechanism")!.Value;
                    if (mech.Money("conversion_price") is not { } cp || cp <= 0) { Error(tx, "/new_ratio_conversion_mechanism/conversion_price", $"{(mech.Money("conversion_price") is { } z ? OcfJson.Numeric(z) : "(missing)")} is not a conversion price; it must be a positive price (a zero price is never replaced)"); return; }
                    var ratio = mech.Obj("ratio");
                    if (ratio is { } r)
                    {
                        if (!OcfJson.TryNumeric(r.Str("numerator"), out var rn) || !OcfJson.TryNumeric(r.Str("denominator"), out var rd) || rn <= 0 || rd <= 0)
                        { Error(tx, "/new_ratio_conversion_mechanism/ratio", $"{r.Str("numerator")}/{r.Str("denominator")} is not a ratio of two positive numbers"); return; }
                        if (!RatioAgrees(rn, rd, series.OriginalIssuePrice.Value, cp))
                        {
                            Error(tx, "/new_ratio_conversion_mechanism", $"states conversion price {OcfJson.Numeric(cp)} and ratio {OcfJson.Numeric(rn)}/{OcfJson.Numeric(rd)}, but original issue price {OcfJson.Numeric(series.OriginalIssuePrice.Value)} ÷ {OcfJson.Numeric(cp)} = {OcfJson.Numeric(decimal.Round(series.OriginalIssuePrice.Value / cp, 6, MidpointRounding.AwayFromZero))}; correct one of them");
                            return;
                        }
                    }
                    var clause = j.Strings("comments").Select(x => x.StartsWith("clause: ", StringComparison.Ordinal) ? x[8..] : null).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x))
                                 ?? $"OCF {tx.ObjectType} {tx.Id}";
                    var reason = j.Strings("comments").Select(x => x.StartsWith("reason: ", StringComparison.Ordinal) ? x[8..] : null).FirstOrDefault(x => x is not null)
                                 ?? "conversion ratio adjustment recorded in OCF";
                    Emit(new ConversionPriceSet(date, c, cp, clause, reason), tx);
                    return;
                }

                case "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT":
                {
                    if (Class(tx, j.Str("stock_class_id"), "stock_class_id") is not { } c || Shares(tx, j, "new_shares_authorized", allowZero: true) is not { } n) return;
                    Emit(new AuthorizedSharesChanged(date, c, n, Approval(j)), tx);
                    return;
                }

                case "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT":
                {
                    if (Shares(tx, j, "new_shares_authorized", allowZero: true) is not { } n) return;
                    Emit(new AuthorizedSharesChanged(date, null, n, Approval(j)), tx);
                    return;
                }

                case "TX_STOCK_PLAN_POOL_ADJUSTMENT":
                {
                    var planId = j.Str("stock_plan_id")!;
                    if (!_plans.TryGetValue(planId, out var plan)) { Error(tx, "/stock_plan_id", $"'{planId}' is not a stock plan of the package"); return; }
                    if (Shares(tx, j, "shares_reserved", allowZero: true) is not { } n) return;
                    var cls = plan.Json.Str("stock_class_id") ?? plan.Json.Strings("stock_class_ids").FirstOrDefault();
                    var c = cls is null ? Charter!.Common.Id : _classes.GetValueOrDefault(cls);
                    if (c is null) return; // reported with the plan
                    Emit(new PlanReserveSet(date, planId, plan.Json.Str("plan_name") ?? planId, c, n), tx);
                    return;
                }

                case "TX_VESTING_START":
                {
                    if (Sec(tx, "option", "warrant", "stock") is not { } s) return;
                    if (s.Kind == "stock") { Warn(tx, "", "vesting of restricted stock is not recorded"); return; }
                    if (!_grantTerms.TryGetValue(s.GrantId, out var termsId))
                    { Error(tx, "/security_id", $"security '{s.Id}' has no vesting terms to start"); return; }
                    var tranches = OcfVesting.Schedule(_vestingTerms[termsId], j.Str("vesting_condition_id"), date, GrantedQuantity(s.GrantId), Warn, Error, tx);
                    if (tranches is null) return;
                    Emit(new VestingScheduled(date, s.GrantId, tranches, _vestingTerms[termsId].Json.Str("name")), tx);
                    return;
                }

                case "TX_VESTING_EVENT":
                {
                    if (Sec(tx, "option", "warrant", "stock") is not { } s) return;
                    if (s.Kind == "stock") { Warn(tx, "", "vesting of restricted stock is not recorded"); return; }
                    if (!_grantTerms.TryGetValue(s.GrantId, out var termsId)) { Error(tx, "/security_id", $"security '{s.Id}' has no vesting terms"); return; }
                    var shares = OcfVesting.EventShares(_vestingTerms[termsId], j.Str("vesting_condition_id")!, GrantedQuantity(s.GrantId), Error, tx);
                    if (shares is > 0) Emit(new VestingAccelerated(date, s.GrantId, shares.Value, $"vesting event {j.Str("vesting_condition_id")}"), tx);
                    return;
                }

                case "TX_VESTING_ACCELERATION":
                {
                    if (Sec(tx, "option", "warrant", "stock") is not { } s || Shares(tx, j, "quantity") is not { } q) return;
                    if (s.Kind == "stock") { Warn(tx, "", "vesting of restricted stock is not recorded"); return; }
                    Emit(new VestingAccelerated(date, s.GrantId, q, j.Str("reason_text")), tx);
                    return;
                }

                case "TX_STOCK_ACCEPTANCE" or "TX_EQUITY_COMPENSATION_ACCEPTANCE" or "TX_PLAN_SECURITY_ACCEPTANCE" or "TX_WARRANT_ACCEPTANCE" or "TX_CONVERTIBLE_ACCEPTANCE":
                    // The holder's acceptance changes no holding; the security must exist.
                    Sec(tx, "stock", "option", "warrant", "convertible");
                    return;

                case "TX_STOCK_PLAN_RETURN_TO_POOL":
                    // The cancellation that returned the shares already released them.
                    return;

                default:
                    Error(tx, "/object_type", $"{tx.ObjectType} is not mapped to the Charta ledger yet; the package cannot be imported without losing it");
                    return;
            }
        }

        private readonly Dictionary<string, long> _granted = new(StringComparer.Ordinal);

        private long GrantedQuantity(string grantId) => _granted.GetValueOrDefault(grantId);

        private void Vestings(OcfItem tx, string grantId, DateOnly date)
        {
            var j = tx.Json;
            _granted[grantId] = (long)(j.Num("quantity") ?? 0);
            if (j.Str("vesting_terms_id") is { } terms)
            {
                if (!_vestingTerms.ContainsKey(terms)) { Error(tx, "/vesting_terms_id", $"'{terms}' is not a vesting terms object of the package"); return; }
                _grantTerms[grantId] = terms;
            }

            var tranches = new List<VestingTranche>();
            var i = 0;
            foreach (var v in j.Arr("vestings"))
            {
                if (v.Date("date") is not { } d || Shares(tx, v, "amount", prefix: $"/vestings/{i}") is not { } a) return;
                tranches.Add(new VestingTranche(d, a));
                i++;
            }

            if (tranches.Count > 0) Emit(new VestingScheduled(date, grantId, tranches), tx);
        }

        private DateOnly? ExpiryAfter(OcfItem tx, DateOnly date, DateOnly? expires, string path)
        {
            if (expires is { } e && e <= date)
            {
                Warn(tx, path, $"{OcfJson.Iso(e)} is not after the issue date {OcfJson.Iso(date)}; recorded without an expiry");
                return null;
            }

            return expires;
        }

        private static string? Approval(JsonElement j) =>
            j.Date("stockholder_approval_date") is { } s ? $"stockholders {OcfJson.Iso(s)}" : j.Date("board_approval_date") is { } b ? $"board {OcfJson.Iso(b)}" : null;
    }
}
