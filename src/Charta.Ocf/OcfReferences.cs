using System.Text.Json;

namespace Charta.Ocf;

/// <summary>Checks that every id an OCF package refers to names an object of the package.</summary>
public static class OcfReferences
{
    public static IReadOnlyList<OcfIssue> Check(OcfPackage package)
    {
        var issues = new List<OcfIssue>();
        var byType = package.Items.GroupBy(i => i.ObjectType).ToDictionary(g => g.Key, g => g.Select(i => i.Id).ToHashSet(StringComparer.Ordinal));
        HashSet<string> Ids(string t) => byType.GetValueOrDefault(t) ?? [];
        var stakeholders = Ids("STAKEHOLDER");
        var classes = Ids("STOCK_CLASS");
        var plans = Ids("STOCK_PLAN");
        var legends = Ids("STOCK_LEGEND_TEMPLATE");
        var terms = Ids("VESTING_TERMS");
        var securities = package.Items.Where(i => i.ObjectType.EndsWith("_ISSUANCE", StringComparison.Ordinal))
            .Select(i => i.Json.Str("security_id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var issuer = package.Manifest.GetProperty("issuer").Str("id");

        foreach (var item in package.Items)
        {
            var j = item.Json;
            void Need(string field, string? id, HashSet<string> set, string what)
            {
                if (id is not null && !set.Contains(id))
                    issues.Add(new OcfIssue(OcfSeverity.Error, item.File, item.Id, $"{item.Path}/{field}", $"'{id}' names no {what} of the package"));
            }

            Need("stakeholder_id", j.Str("stakeholder_id"), stakeholders, "stakeholder");
            Need("stock_class_id", j.Str("stock_class_id"), classes, "stock class");
            Need("stock_plan_id", j.Str("stock_plan_id"), plans, "stock plan");
            Need("vesting_terms_id", j.Str("vesting_terms_id"), terms, "vesting terms");
            if (item.ObjectType.StartsWith("TX_", StringComparison.Ordinal) && !item.ObjectType.EndsWith("_ISSUANCE", StringComparison.Ordinal))
                Need("security_id", j.Str("security_id"), securities, "security");
            Need("balance_security_id", j.Str("balance_security_id"), securities, "security");
            var k = 0;
            foreach (var r in j.Strings("resulting_security_ids")) Need($"resulting_security_ids/{k++}", r, securities, "security");
            k = 0;
            foreach (var l in j.Strings("stock_legend_ids")) Need($"stock_legend_ids/{k++}", l, legends, "stock legend template");
            k = 0;
            foreach (var c in j.Strings("stock_class_ids")) Need($"stock_class_ids/{k++}", c, classes, "stock class");
            foreach (var (arr, field) in new[] { ("exercise_triggers", "exercise_triggers"), ("conversion_rights", "conversion_rights") })
            {
                k = 0;
                foreach (var t in j.Arr(arr))
                {
                    var target = t.Obj("conversion_right")?.Str("converts_to_stock_class_id") ?? t.Str("converts_to_stock_class_id");
                    Need($"{field}/{k++}/converts_to_stock_class_id", target, classes, "stock class");
                }
            }

            if (item.ObjectType == "TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT" && j.Str("issuer_id") != issuer)
                issues.Add(new OcfIssue(OcfSeverity.Error, item.File, item.Id, $"{item.Path}/issuer_id", $"'{j.Str("issuer_id")}' is not the issuer of the manifest ('{issuer}')"));
        }

        return issues;
    }
}
