using System.Text.Json;
using System.Text.RegularExpressions;
using Charta.Core.Charter;

namespace Charta.Ocf;

public static partial class OcfImporter
{
    private sealed partial class Mapper
    {
        /// <summary>An effectively unlimited number of authorized shares (OCF "UNLIMITED" / "NOT_APPLICABLE").</summary>
        public const long Unlimited = 1_000_000_000_000;

        private void BuildCharter(string company, DateOnly? formed, List<OcfItem> txs)
        {
            var classes = OfType("STOCK_CLASS").ToList();
            if (options.Charter is { } given)
            {
                var loaded = CharterLoader.Load(given.Json, given.Id);
                if (!loaded.IsOk) { Error(null, "", $"the charter cannot be loaded: {loaded.Refusal}"); return; }
                Charter = loaded.Value;
                CharterJson = given.Json;
                // A Charta export whose ledger amended the charter (charter-amended) has the added series among its
                // stock classes: the OCF transactions are read on the charter as last amended, the events on the given one.
                GivenCharter = Charter;
                if (Extension?.Select(x => x.Event).OfType<Charta.Core.Ledger.CharterAmended>().LastOrDefault() is { } amended)
                {
                    var a = CharterLoader.Load(amended.CharterJson, "charter-amended");
                    if (!a.IsOk) { Error(null, "/comments", $"the charter amended by a charta-event comment cannot be loaded: {a.Refusal}"); return; }
                    Charter = a.Value;
                }

                MapOntoCharter(classes);
                return;
            }

            var common = classes.Where(c => c.Json.Str("class_type") == "COMMON").ToList();
            foreach (var extra in common.Skip(1))
                Error(extra, "/class_type", $"a second COMMON class; Charta's charter has one common stock (the first is '{common[0].Id}')");
            var commonId = "common";
            var seriesIds = new HashSet<string>(StringComparer.Ordinal) { commonId };
            var series = new List<PreferredSeries>();
            foreach (var c in classes.Where(c => c.Json.Str("class_type") != "COMMON"))
            {
                var id = ClassId(c.Id, seriesIds);
                _classes[c.Id] = id;
                var cite = $"OCF STOCK_CLASS {c.Id}";
                var fixedShares = Authorized(c, c.Json, "initial_shares_authorized");
                var oip = c.Json.Money("price_per_share");
                if (oip is null)
                {
                    oip = txs.Where(t => t.ObjectType == "TX_STOCK_ISSUANCE" && t.Json.Str("stock_class_id") == c.Id)
                        .OrderBy(t => t.Json.Date("date")).Select(t => t.Json.Money("share_price")).FirstOrDefault(p => p > 0);
                    if (oip is null) { Error(c, "/price_per_share", "states no price per share and no issuance of the class states one; the original issue price is needed"); continue; }
                    Warn(c, "/price_per_share", $"is not stated; the first issuance price {OcfJson.Numeric(oip.Value)} is taken as the original issue price");
                }

                if (oip <= 0) { Error(c, "/price_per_share", "must be positive to serve as the original issue price"); continue; }
                var cp = ConversionPrice(c, oip.Value);
                var seniority = c.Json.Num("seniority") ?? 1;
                if (seniority != decimal.Truncate(seniority) || seniority < 1 || seniority > int.MaxValue)
                { Error(c, "/seniority", $"{OcfJson.Numeric(seniority)} is not a whole number ≥ 1 (a higher number is paid first)"); continue; }
                var multiple = c.Json.Num("liquidation_preference_multiple") ?? 1m;
                var cap = c.Json.Num("participation_cap_multiple");
                if (cap is { } capValue && capValue <= multiple) { Error(c, "/participation_cap_multiple", $"{OcfJson.Numeric(capValue)} must exceed the preference multiple {OcfJson.Numeric(multiple)}"); continue; }
                series.Add(new PreferredSeries
                {
                    Id = id,
                    Name = c.Json.Str("name") ?? id,
                    FixedShares = new Term<long>(fixedShares, $"{cite} initial_shares_authorized"),
                    OriginalIssuePrice = new Term<decimal>(oip.Value, $"{cite} price_per_share"),
                    InitialConversionPrice = new Term<decimal>(cp, $"{cite} conversion_rights"),
                    Dividend = new SeriesDividend { RatePerShare = 0m, Kind = "non-cumulative", Clause = "OCF states no dividend terms" },
                    Liquidation = new SeriesLiquidation
                    {
                        Multiple = multiple,
                        Seniority = (int)seniority,
                        Participation = cap is null ? new Participation { Kind = "none" } : new Participation { Kind = "capped", CapMultiple = cap },
                        IncludesDeclaredUnpaidDividends = false,
                        Clause = $"{cite} seniority, liquidation_preference_multiple, participation_cap_multiple",
                    },
                });
            }

            var commonItem = common.FirstOrDefault();
            if (commonItem is not null) _classes[commonItem.Id] = commonId;
            var commonAuthorized = commonItem is null ? 0 : Authorized(commonItem, commonItem.Json, "initial_shares_authorized");
            var preferred = series.Aggregate(0L, (a, s) => a > Unlimited ? a : a + s.FixedShares.Value);
            var issuer = package.Manifest.GetProperty("issuer");
            if (issuer.Num("initial_shares_authorized") is { } stated && stated != commonAuthorized + preferred)
                Warn(null, "/issuer/initial_shares_authorized", $"states {OcfJson.Numeric(stated)} shares, but the classes authorize {commonAuthorized + preferred}; the classes' sum is the total");
            if (issues.Any(i => i.Severity == OcfSeverity.Error)) return;

            var commonCite = commonItem is null ? "OCF package (no common class)" : $"OCF STOCK_CLASS {commonItem.Id}";
            var votes = commonItem?.Json.Num("votes_per_share");
            var charter = new CharterDocument
            {
                Id = CharterId(company),
                Company = company,
                Document = "Built from an Open Cap Format package: generic terms, exactly what OCF states",
                Authorized = new AuthorizedShares
                {
                    Total = new Term<long>(commonAuthorized + preferred, "OCF stock classes (sum of initial_shares_authorized)"),
                    Common = new Term<long>(commonAuthorized, $"{commonCite} initial_shares_authorized"),
                    Preferred = new Term<long>(preferred, "OCF preferred stock classes (sum of initial_shares_authorized)"),
                    CommonParValue = commonItem?.Json.Money("par_value") is { } par ? new Term<decimal>(par, $"{commonCite} par_value") : null,
                },
                Common = new CommonClass
                {
                    Id = commonId,
                    Name = commonItem?.Json.Str("name") ?? "Common Stock",
                    VotesPerShare = votes is { } v && v == decimal.Truncate(v) && v >= 0 ? new Term<long>((long)v, $"{commonCite} votes_per_share") : null,
                    Seniority = commonItem?.Json.Num("seniority") is { } cs && cs == decimal.Truncate(cs) ? new Term<int>((int)cs, $"{commonCite} seniority") : null,
                },
                Series = series,
                // OCF states no split clause; the conversion prices still move inversely with a split of the common.
                Conversion = new ConversionTerms { SplitAdjustment = new ClauseRef("OCF TX_STOCK_CLASS_SPLIT (conversion prices move inversely with the common)") },
            };
            var json = CharterJsonText(charter);
            var check = CharterLoader.Load(json, charter.Id);
            if (!check.IsOk) { CharterJson = json; Error(null, "", $"the stock classes do not make a valid charter: {check.Refusal}"); return; }
            Charter = check.Value;
            CharterJson = json;
        }

        /// <summary>
        /// The charter document as text. CharterLoader.ToJson also writes computed members (each term's citation, the
        /// class id list) that the charter schema does not allow, so they are left out here.
        /// </summary>
        internal static string CharterJsonText(CharterDocument charter)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(CharterLoader.ToJson(charter))!;
            Strip(node);
            node.AsObject().Remove("classIds");
            return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

            static void Strip(System.Text.Json.Nodes.JsonNode? n)
            {
                if (n is System.Text.Json.Nodes.JsonObject o)
                {
                    o.Remove("citation");
                    foreach (var kv in o.ToList()) Strip(kv.Value);
                }
                else if (n is System.Text.Json.Nodes.JsonArray a)
                {
                    foreach (var x in a) Strip(x);
                }
            }
        }

        private decimal ConversionPrice(OcfItem c, decimal oip)
        {
            var i = 0;
            foreach (var right in c.Json.Arr("conversion_rights"))
            {
                var mech = right.Obj("conversion_mechanism");
                if (mech?.Str("type") == "RATIO_CONVERSION")
                {
                    var at = $"/conversion_rights/{i}/conversion_mechanism";
                    var cp = mech.Value.Money("conversion_price");
                    if (cp is { } zero && zero <= 0)
                    {
                        Error(c, at + "/conversion_price/amount", $"{OcfJson.Numeric(zero)} is not a conversion price (original issue price ÷ conversion price would divide by zero); state the price");
                        return oip;
                    }

                    decimal? n = null, d = null;
                    if (mech.Value.Obj("ratio") is { } r)
                    {
                        if (!OcfJson.TryNumeric(r.Str("numerator"), out var rn) || !OcfJson.TryNumeric(r.Str("denominator"), out var rd) || rn <= 0 || rd <= 0)
                        {
                            Error(c, at + "/ratio", $"{r.Str("numerator")}/{r.Str("denominator")} is not a ratio of two positive numbers");
                            return oip;
                        }

                        (n, d) = (rn, rd);
                    }

                    if (cp is { } price && n is { } num && d is { } den && !RatioAgrees(num, den, oip, price))
                    {
                        Error(c, at, $"states conversion price {OcfJson.Numeric(price)} (ratio {OcfJson.Numeric(oip)} ÷ {OcfJson.Numeric(price)} = {OcfJson.Numeric(decimal.Round(oip / price, 6, MidpointRounding.AwayFromZero))}) and ratio {OcfJson.Numeric(num)}/{OcfJson.Numeric(den)}, which disagree given the original issue price {OcfJson.Numeric(oip)}; correct one of them");
                        return oip;
                    }

                    if (cp is { } p) return p;
                    if (n is { } nn && d is { } dd) return oip * dd / nn;
                }
                else if (mech is not null)
                {
                    Warn(c, $"/conversion_rights/{i}/conversion_mechanism/type", $"{mech.Value.Str("type")} is not a ratio conversion; Charta converts at original issue price ÷ conversion price, here 1:1");
                }

                i++;
            }

            return oip;
        }

        /// <summary>A stated ratio n/d agrees with original issue price ÷ conversion price exactly, or to the six decimal places OCF ratios are commonly written to.</summary>
        internal static bool RatioAgrees(decimal n, decimal d, decimal oip, decimal conversionPrice) =>
            n * conversionPrice == d * oip
            || decimal.Round(n / d, 6, MidpointRounding.AwayFromZero) == decimal.Round(oip / conversionPrice, 6, MidpointRounding.AwayFromZero);

        private long Authorized(OcfItem item, JsonElement e, string field)
        {
            var text = e.Str(field);
            if (text is "UNLIMITED" or "NOT_APPLICABLE")
            {
                Warn(item, "/" + field, $"is {text}; recorded as {Unlimited:N0}");
                return Unlimited;
            }

            return Shares(item, e, field, allowZero: true) ?? 0;
        }

        private static string ClassId(string ocfId, HashSet<string> used)
        {
            var id = Regex.Replace(ocfId, "[^A-Za-z0-9-]", "-").Trim('-');
            if (id.Length == 0 || !char.IsLetterOrDigit(id[0])) id = "class-" + id;
            var candidate = id;
            for (var n = 2; !used.Add(candidate); n++) candidate = $"{id}-{n}";
            return candidate;
        }

        private static string CharterId(string company)
        {
            var slug = Regex.Replace(company.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
            return "ocf-" + (slug.Length == 0 ? "company" : slug);
        }

        /// <summary>
        /// Ties each OCF stock class to a class of the given charter (by --map, else COMMON to the common and a
        /// preferred class to the series of the same id or name) and reports where the package contradicts the charter.
        /// </summary>
        private void MapOntoCharter(List<OcfItem> classes)
        {
            var c = Charter!;
            foreach (var cls in classes)
            {
                string? target = options.ClassMap.GetValueOrDefault(cls.Id);
                var name = cls.Json.Str("name") ?? "";
                if (target is null && cls.Json.Str("class_type") == "COMMON") target = c.Common.Id;
                target ??= c.Series.FirstOrDefault(s => string.Equals(s.Id, cls.Id, StringComparison.OrdinalIgnoreCase)
                                                        || string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))?.Id;
                if (target is null || (!c.IsCommon(target) && c.FindSeries(target) is null))
                {
                    Error(cls, "/id", $"stock class '{name}' matches no class of charter {c.Id} ({string.Join(", ", c.ClassIds)}); tie it with --map");
                    continue;
                }

                _classes[cls.Id] = target;
                if (c.FindSeries(target) is not { } s) continue;
                Conflict(cls, "/price_per_share", cls.Json.Money("price_per_share"), s.OriginalIssuePrice.Value, "original issue price", s.OriginalIssuePrice.Clause);
                var cp = cls.Json.Arr("conversion_rights").Select(r => r.Obj("conversion_mechanism")?.Money("conversion_price")).FirstOrDefault(x => x is not null);
                Conflict(cls, "/conversion_rights/0/conversion_mechanism/conversion_price", cp, s.InitialConversionPrice.Value, "conversion price", s.InitialConversionPrice.Clause);
                Conflict(cls, "/seniority", cls.Json.Num("seniority"), s.Liquidation.Seniority, "seniority", s.Liquidation.Clause);
                Conflict(cls, "/liquidation_preference_multiple", cls.Json.Num("liquidation_preference_multiple"), s.Liquidation.Multiple, "liquidation multiple", s.Liquidation.Clause);
                if (cls.Json.Str("initial_shares_authorized") is not ("UNLIMITED" or "NOT_APPLICABLE"))
                    Conflict(cls, "/initial_shares_authorized", cls.Json.Num("initial_shares_authorized"), s.FixedShares.Value, "number of shares", s.FixedShares.Clause);
            }
        }

        private void Conflict(OcfItem cls, string path, decimal? package, decimal charter, string term, string clause)
        {
            if (package is not { } p || p == charter) return;
            var message = $"states {term} {OcfJson.Numeric(p)}, but the charter says {OcfJson.Numeric(charter)} ({clause})";
            if (options.Lenient) Warn(cls, path, message + "; the charter wins (--lenient)");
            else Error(cls, path, message + "; fix the package, or import with --lenient to let the charter win");
        }
    }
}
