using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Charta.Ocf;

/// <summary>One object of a package: where it is, its id and type, and its JSON (already fixed up in lenient mode).</summary>
public sealed record OcfItem(string File, int Index, string Id, string ObjectType, JsonElement Json)
{
    public string Path => $"/items/{Index}";
}

/// <summary>A package read through its manifest: the manifest, then every listed file's items in manifest order.</summary>
public sealed class OcfPackage
{
    public required string Source { get; init; }
    public required JsonElement Manifest { get; init; }
    public required IReadOnlyList<OcfItem> Items { get; init; }
}

/// <summary>
/// Reads an OCF package (a folder or a <c>.ocf.zip</c> with the files at its root) through its manifest and
/// validates the manifest and every item against the v1.2.0 schemas, item by item by object_type.
/// Validation runs in parallel; findings are reported in package order, so the output is deterministic.
/// </summary>
public static class OcfPackageReader
{
    public const string ManifestName = "Manifest.ocf.json";

    /// <summary>Manifest list → the file_type its files must have.</summary>
    public static readonly IReadOnlyList<(string ManifestKey, string FileType)> FileKinds =
    [
        ("stakeholders_files", "OCF_STAKEHOLDERS_FILE"),
        ("stock_classes_files", "OCF_STOCK_CLASSES_FILE"),
        ("stock_plans_files", "OCF_STOCK_PLANS_FILE"),
        ("stock_legend_templates_files", "OCF_STOCK_LEGEND_TEMPLATES_FILE"),
        ("vesting_terms_files", "OCF_VESTING_TERMS_FILE"),
        ("valuations_files", "OCF_VALUATIONS_FILE"),
        ("transactions_files", "OCF_TRANSACTIONS_FILE"),
        ("financings_files", "OCF_FINANCINGS_FILE"),
        ("documents_files", "OCF_DOCUMENTS_FILE"),
    ];

    /// <summary>
    /// Field names of OCF v1.0/v1.1 that v1.2.0 renamed, per object_type ("*" for every type). Applied only with
    /// --lenient, each with a warning. Extend the table as older packages show more.
    /// </summary>
    public static readonly IReadOnlyList<(string ObjectType, string Old, string New)> LegacyRenames =
    [
        ("TX_STOCK_PLAN_POOL_ADJUSTMENT", "new_shares_reserved", "shares_reserved"),
        ("TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT", "new_shares_authorized_count", "new_shares_authorized"),
        ("TX_ISSUER_AUTHORIZED_SHARES_ADJUSTMENT", "new_shares_authorized_count", "new_shares_authorized"),
        ("TX_STOCK_CONVERSION", "quantity", "quantity_converted"),
        ("STOCK_PLAN", "name", "plan_name"),
    ];

    /// <summary>The limits a package is held to (docs/cli.md, "Limits"); each breach is an error naming the limit.</summary>
    public static class Limits
    {
        /// <summary>The .ocf.zip file itself.</summary>
        public const long MaxPackageBytes = 100L * 1024 * 1024;
        /// <summary>One file of the package, inflated.</summary>
        public const long MaxEntryBytes = 64L * 1024 * 1024;
        /// <summary>All files of the package together, inflated.</summary>
        public const long MaxTotalBytes = 256L * 1024 * 1024;
        /// <summary>Inflated ÷ compressed size of an entry larger than <see cref="RatioFloorBytes"/>.</summary>
        public const long MaxCompressionRatio = 200;
        public const long RatioFloorBytes = 1024 * 1024;
        public const int MaxEntries = 10_000;
    }

    private sealed class PackageRefused(string file, string message) : Exception(message)
    {
        public string File { get; } = file;
    }

    /// <summary>Reads and validates a package. Returns null (with errors in <paramref name="issues"/>) when it cannot be read at all.</summary>
    public static OcfPackage? Read(string path, bool lenient, List<OcfIssue> issues)
    {
        Func<string, byte[]?> open;
        IReadOnlyList<string> names;
        string source = path;
        try
        {
            if (Directory.Exists(path))
            {
                var files = ReadFolder(path);
                names = files.Keys.Order(StringComparer.Ordinal).ToArray();
                open = n => files.GetValueOrDefault(n);
            }
            else if (File.Exists(path))
            {
                Dictionary<string, byte[]> entries;
                try
                {
                    entries = ReadZip(path);
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
                {
                    issues.Add(new OcfIssue(OcfSeverity.Error, System.IO.Path.GetFileName(path), null, "",
                        $"is not a readable .ocf.zip ({ex.Message.Split('\n')[0].TrimEnd('.')}); a package is a folder or a zip with the OCF files at its root"));
                    return null;
                }

                names = entries.Keys.Order(StringComparer.Ordinal).ToArray();
                open = n => entries.GetValueOrDefault(n);
            }
            else
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, path, null, "", "no such folder or .ocf.zip file"));
                return null;
            }
        }
        catch (PackageRefused r)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, r.File, null, "", r.Message));
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, path, null, "", "cannot be read: permission denied"));
            return null;
        }

        return Read(source, names, open, lenient, issues);
    }

    /// <summary>Reads a package held in memory (file name → bytes, names relative to the package root).</summary>
    public static OcfPackage? Read(string source, IReadOnlyDictionary<string, byte[]> files, bool lenient, List<OcfIssue> issues)
    {
        var normalized = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (var (name, bytes) in files)
        {
            if (!normalized.TryAdd(Normalize(name), bytes))
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "", "is in the package twice (under two spellings of one name); a package holds each file once"));
                return null;
            }

            total += bytes.LongLength;
            if (bytes.LongLength > Limits.MaxEntryBytes || total > Limits.MaxTotalBytes)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "", $"is larger than the package limits ({Limits.MaxEntryBytes / 1024 / 1024} MiB a file, {Limits.MaxTotalBytes / 1024 / 1024} MiB in all; see Limits in docs/cli.md)"));
                return null;
            }
        }

        return Read(source, normalized.Keys.Order(StringComparer.Ordinal).ToArray(), n => normalized.GetValueOrDefault(n), lenient, issues);
    }

    /// <summary>
    /// The plain files at the root of a package folder. A symbolic link (which could point at /dev/zero or outside the
    /// folder), a device, a FIFO or a socket is refused before anything is read; each file is read to at most
    /// <see cref="Limits.MaxEntryBytes"/>.
    /// </summary>
    private static Dictionary<string, byte[]> ReadFolder(string path)
    {
        var root = System.IO.Path.GetFullPath(path);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        var count = 0;
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (++count > Limits.MaxEntries)
                throw new PackageRefused(System.IO.Path.GetFileName(root), $"holds more than {Limits.MaxEntries:N0} entries (see Limits in docs/cli.md)");
            var name = info.Name;
            var kind = FileKind(info);
            if (kind == EntryKind.Directory) continue;
            if (kind != EntryKind.Regular)
                throw new PackageRefused(name, kind == EntryKind.Link
                    ? $"is a symbolic link (to '{info.LinkTarget}'); a package folder holds plain files only, so nothing is read from outside it"
                    : $"is a {kind.ToString().ToLowerInvariant()}, not a plain file; a package folder holds plain files only");
            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
            var bytes = ReadBounded(stream, name, Limits.MaxEntryBytes, ratioBase: null);
            total += bytes.LongLength;
            if (total > Limits.MaxTotalBytes)
                throw new PackageRefused(name, $"brings the package past {Limits.MaxTotalBytes / 1024 / 1024} MiB in all (see Limits in docs/cli.md)");
            files[name] = bytes;
        }

        return files;
    }

    private enum EntryKind { Regular, Directory, Link, Device, Fifo, Socket }

    private static EntryKind FileKind(FileSystemInfo info)
    {
        if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint)) return EntryKind.Link;
        if (info is DirectoryInfo) return EntryKind.Directory;
        if (OperatingSystem.IsWindows()) return EntryKind.Regular;
        try
        {
            // .NET reports a FIFO or a device as a "Normal" file; lstat tells them apart (opening a FIFO would block,
            // reading /dev/zero would never end). SystemNative_LStat is the runtime's own lstat shim.
            var buffer = new byte[512];
            if (NativeStat.LStat(info.FullName, buffer) != 0) return EntryKind.Regular;
            return (BitConverter.ToInt32(buffer, 4) & 0xF000) switch
            {
                0x8000 => EntryKind.Regular,
                0x4000 => EntryKind.Directory,
                0xA000 => EntryKind.Link,
                0x1000 => EntryKind.Fifo,
                0xC000 => EntryKind.Socket,
                _ => EntryKind.Device,
            };
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return EntryKind.Regular;   // the bounded read still stops an endless device
        }
    }

    private static class NativeStat
    {
        [System.Runtime.InteropServices.DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
        public static extern int LStat([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
    }

    /// <summary>
    /// Reads a stream counting the bytes as they come: past <paramref name="limit"/> bytes, or past
    /// <see cref="Limits.MaxCompressionRatio"/> × <paramref name="ratioBase"/> (the compressed size), it stops and
    /// refuses. The sizes a zip's headers state are checked before; this is what holds when they lie.
    /// </summary>
    private static byte[] ReadBounded(Stream s, string name, long limit, long? ratioBase)
    {
        var ms = new MemoryStream();
        var buffer = new byte[81920];
        long read = 0;
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            read += n;
            if (read > limit)
                throw new PackageRefused(name, $"inflates to more than {limit / 1024 / 1024} MiB, the limit for one file of a package (see Limits in docs/cli.md); refused while reading");
            if (ratioBase is { } c && read > Limits.RatioFloorBytes && read > Limits.MaxCompressionRatio * Math.Max(1, c))
                throw new PackageRefused(name, $"inflates more than {Limits.MaxCompressionRatio}× its compressed size of {c:N0} bytes (a zip bomb?); refused while reading (see Limits in docs/cli.md)");
            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }

    /// <summary>
    /// The files of a .ocf.zip. Before anything is inflated, the central directory is checked: the zip's size, the
    /// number of entries, each entry's stated size and compression ratio, duplicate names, symbolic links. Then each
    /// entry is inflated through <see cref="ReadBounded"/>, which counts the bytes actually produced.
    /// </summary>
    private static Dictionary<string, byte[]> ReadZip(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        var size = new FileInfo(path).Length;
        if (size > Limits.MaxPackageBytes)
            throw new PackageRefused(file, $"is {size:N0} bytes; a .ocf.zip is at most {Limits.MaxPackageBytes / 1024 / 1024} MiB (see Limits in docs/cli.md)");
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var zip = ZipFile.OpenRead(path);
        if (zip.Entries.Count > Limits.MaxEntries)
            throw new PackageRefused(file, $"holds {zip.Entries.Count:N0} entries; a package holds at most {Limits.MaxEntries:N0} (see Limits in docs/cli.md)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var e in zip.Entries)
        {
            var name = Normalize(e.FullName);
            if (!seen.Add(name))
                throw new PackageRefused(e.FullName, "is in the zip twice; a package holds each file once (which one would count is not defined)");
            var unixType = (e.ExternalAttributes >> 16) & 0xF000;
            if (unixType == 0xA000)
                throw new PackageRefused(e.FullName, "is a symbolic link; a package holds plain files only");
            if (e.FullName.EndsWith('/')) continue;
            if (e.Length > Limits.MaxEntryBytes)
                throw new PackageRefused(e.FullName, $"states {e.Length:N0} bytes inflated; one file of a package is at most {Limits.MaxEntryBytes / 1024 / 1024} MiB (see Limits in docs/cli.md); nothing was inflated");
            if (e.Length > Limits.RatioFloorBytes && e.Length > Limits.MaxCompressionRatio * Math.Max(1, e.CompressedLength))
                throw new PackageRefused(e.FullName, $"states a compression ratio of {e.Length / Math.Max(1, e.CompressedLength):N0}:1; at most {Limits.MaxCompressionRatio}:1 is accepted (a zip bomb?; see Limits in docs/cli.md); nothing was inflated");
            total += e.Length;
            if (total > Limits.MaxTotalBytes)
                throw new PackageRefused(file, $"states more than {Limits.MaxTotalBytes / 1024 / 1024} MiB inflated in all (see Limits in docs/cli.md); nothing was inflated");
        }

        total = 0;
        foreach (var e in zip.Entries)
        {
            if (e.FullName.EndsWith('/')) continue;
            using var s = e.Open();
            var bytes = ReadBounded(s, e.FullName, Limits.MaxEntryBytes, e.CompressedLength);
            total += bytes.LongLength;
            if (total > Limits.MaxTotalBytes)
                throw new PackageRefused(file, $"inflates to more than {Limits.MaxTotalBytes / 1024 / 1024} MiB in all (see Limits in docs/cli.md)");
            entries[Normalize(e.FullName)] = bytes;
        }

        return entries;
    }

    private static string Normalize(string name)
    {
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal)) n = n[2..];
        return n;
    }

    private static OcfPackage? Read(string source, IReadOnlyList<string> names, Func<string, byte[]?> open, bool lenient, List<OcfIssue> issues)
    {
        // The manifest: Manifest.ocf.json, else the one JSON file whose file_type says so.
        string? manifestName = names.Contains(ManifestName) ? ManifestName : null;
        JsonElement manifest = default;
        if (manifestName is not null)
        {
            if (ParseFile(manifestName, open(manifestName)!, issues) is not { } m) return null;
            manifest = m;
        }
        else
        {
            foreach (var n in names.Where(n => n.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            {
                var bytes = open(n)!;
                try
                {
                    using var doc = JsonDocument.Parse(bytes);
                    if (Charta.Core.JsonStrict.DuplicateKey(doc.RootElement) is not null) continue;
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("file_type", out var ft)
                        && ft.ValueKind == JsonValueKind.String && ft.GetString() == "OCF_MANIFEST_FILE")
                    {
                        manifestName = n;
                        manifest = doc.RootElement.Clone();
                        break;
                    }
                }
                catch (JsonException)
                {
                    // Not the manifest; reported if the manifest lists it.
                }
            }

            if (manifestName is null)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, source, null, "", $"holds no OCF manifest ({ManifestName}, file_type OCF_MANIFEST_FILE)"));
                return null;
            }
        }

        if (ValidateManifest(manifestName, manifest, lenient, issues) is not { } valid) return null;
        manifest = valid;

        // The listed files, in manifest order.
        var files = new List<(string Name, string FileType)>();
        foreach (var (key, fileType) in FileKinds)
        {
            if (!manifest.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) continue;
            var i = 0;
            foreach (var f in list.EnumerateArray())
            {
                var pointer = $"/{key}/{i++}/filepath";
                var filepath = f.GetProperty("filepath").GetString()!;
                var name = Normalize(filepath);
                if (name.Split('/').Contains("..") || System.IO.Path.IsPathRooted(name))
                {
                    issues.Add(new OcfIssue(OcfSeverity.Error, manifestName, null, pointer, $"'{filepath}' points outside the package"));
                    continue;
                }

                if (!names.Contains(name))
                {
                    var alt = name.EndsWith(".json", StringComparison.Ordinal) && !name.EndsWith(".ocf.json", StringComparison.Ordinal)
                        ? name[..^5] + ".ocf.json" : null;
                    if (alt is not null && names.Contains(alt))
                    {
                        if (lenient)
                        {
                            issues.Add(new OcfIssue(OcfSeverity.Warning, manifestName, null, pointer, $"names '{filepath}' but the file is '{alt}'; reading '{alt}' (--lenient)"));
                            name = alt;
                        }
                        else
                        {
                            issues.Add(new OcfIssue(OcfSeverity.Error, manifestName, null, pointer, $"names '{filepath}', which is not in the package; the file is '{alt}' (fix the manifest, or accept this with --lenient)"));
                            continue;
                        }
                    }
                    else
                    {
                        issues.Add(new OcfIssue(OcfSeverity.Error, manifestName, null, pointer, $"names '{filepath}', which is not in the package"));
                        continue;
                    }
                }

                if (f.TryGetProperty("md5", out var md5) && md5.ValueKind == JsonValueKind.String)
                {
                    var actual = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(open(name)!));
                    if (!string.Equals(actual, md5.GetString(), StringComparison.OrdinalIgnoreCase))
                    {
                        if (lenient)
                        {
                            issues.Add(new OcfIssue(OcfSeverity.Warning, manifestName, null, $"/{key}/{i - 1}/md5",
                                $"is {md5.GetString()}, but '{name}' has md5 {actual}; read anyway (--lenient)"));
                        }
                        else
                        {
                            issues.Add(new OcfIssue(OcfSeverity.Error, manifestName, null, $"/{key}/{i - 1}/md5",
                                $"is {md5.GetString()}, but '{name}' has md5 {actual}; the file is not the one the manifest lists (re-export the package, fix the md5, or accept it with --lenient)"));
                            continue;
                        }
                    }
                }

                files.Add((name, fileType));
            }
        }

        var items = new List<OcfItem>();
        foreach (var (name, fileType) in files)
        {
            if (ParseFile(name, open(name)!, issues) is not { } root) continue;
            if (root.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "", "an OCF file must be a JSON object with file_type and items"));
                continue;
            }

            var ft = root.TryGetProperty("file_type", out var ftv) && ftv.ValueKind == JsonValueKind.String ? ftv.GetString() : null;
            if (ft != fileType)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "/file_type", $"is '{ft ?? "(missing)"}' but the manifest lists this file as {fileType}"));
                continue;
            }

            if (!root.TryGetProperty("items", out var arr) || arr.ValueKind != JsonValueKind.Array)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "/items", "must be an array of OCF objects"));
                continue;
            }

            var index = 0;
            foreach (var item in arr.EnumerateArray())
            {
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idv) && idv.ValueKind == JsonValueKind.String ? idv.GetString()! : $"#{index}";
                var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("object_type", out var tv) && tv.ValueKind == JsonValueKind.String ? tv.GetString()! : "";
                items.Add(new OcfItem(name, index++, id, type, item));
            }
        }

        var validated = ValidateItems(items, lenient);
        foreach (var (item, found) in items.Zip(validated))
            issues.AddRange(found.Issues);
        var fixedItems = items.Zip(validated, (item, v) => v.Fixed is { } f ? item with { Json = f } : item).ToArray();
        return new OcfPackage { Source = source, Manifest = manifest, Items = fixedItems };
    }

    private static JsonElement? ParseFile(string name, byte[] bytes, List<OcfIssue> issues)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (Charta.Core.JsonStrict.DuplicateKey(doc.RootElement) is { } dup)
            {
                issues.Add(new OcfIssue(OcfSeverity.Error, name, null, dup, "this key is given twice in the same object; OCF gives each key once (the last would silently win)"));
                return null;
            }

            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, name, null, ex.Path ?? "", $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})"));
            return null;
        }
    }

    /// <summary>The manifest as read (ocf_version set to 1.2.0, numbers fixed with --lenient), or null when it is invalid.</summary>
    private static JsonElement? ValidateManifest(string name, JsonElement manifest, bool lenient, List<OcfIssue> issues)
    {
        if (manifest.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new OcfIssue(OcfSeverity.Error, name, null, "", "the manifest must be a JSON object"));
            return null;
        }

        var node = JsonNode.Parse(manifest.GetRawText())!.AsObject();
        var version = node["ocf_version"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version != OcfSchemas.Version)
        {
            issues.Add(new OcfIssue(OcfSeverity.Warning, name, null, "/ocf_version",
                $"is '{version ?? "(missing)"}', not {OcfSchemas.Version}; reading the package as OCF {OcfSchemas.Version}"));
            node["ocf_version"] = OcfSchemas.Version;
        }

        var element = JsonSerializer.SerializeToElement(node);
        var schema = OcfSchemas.ForFileType("OCF_MANIFEST_FILE")!;
        var violations = OcfSchemas.Evaluate(schema, element);
        if (violations.Count > 0 && lenient && FixNumbers(node, violations, out var fixes))
        {
            element = JsonSerializer.SerializeToElement(node);
            violations = OcfSchemas.Evaluate(schema, element);
            if (violations.Count == 0)
                foreach (var f in fixes) issues.Add(new OcfIssue(OcfSeverity.Warning, name, null, f, "is a number where OCF wants a string; read as a string (--lenient)"));
        }

        foreach (var x in violations) issues.Add(new OcfIssue(OcfSeverity.Error, name, null, x.Pointer, $"fails schema rule '{x.Keyword}': {x.Message}"));
        return violations.Count == 0 ? element : null;
    }

    private sealed record Validated(IReadOnlyList<OcfIssue> Issues, JsonElement? Fixed);

    private static Validated[] ValidateItems(IReadOnlyList<OcfItem> items, bool lenient)
    {
        var results = new Validated[items.Count];
        Parallel.For(0, items.Count, i => results[i] = ValidateItem(items[i], lenient));
        return results;
    }

    private static Validated ValidateItem(OcfItem item, bool lenient)
    {
        var json = item.Json;
        var warnings = new List<OcfIssue>();
        JsonElement? fixedJson = null;
        if (lenient && json.ValueKind == JsonValueKind.Object)
        {
            var renames = LegacyRenames.Where(r => (r.ObjectType == "*" || r.ObjectType == item.ObjectType) && json.TryGetProperty(r.Old, out _) && !json.TryGetProperty(r.New, out _)).ToArray();
            if (renames.Length > 0)
            {
                var node = JsonNode.Parse(json.GetRawText())!.AsObject();
                foreach (var r in renames)
                {
                    var value = node[r.Old];
                    node.Remove(r.Old);
                    node[r.New] = value;
                    warnings.Add(new OcfIssue(OcfSeverity.Warning, item.File, item.Id, $"{item.Path}/{r.Old}", $"is the OCF v1.0/v1.1 name of '{r.New}'; read as '{r.New}' (--lenient)"));
                }

                json = JsonSerializer.SerializeToElement(node);
                fixedJson = json;
            }
        }

        var violations = OcfSchemas.ValidateObject(json);
        if (violations.Count > 0 && lenient && json.ValueKind == JsonValueKind.Object)
        {
            var node = JsonNode.Parse(json.GetRawText())!.AsObject();
            for (var round = 0; round < 3 && violations.Count > 0 && FixNumbers(node, violations, out var fixes); round++)
            {
                json = JsonSerializer.SerializeToElement(node);
                fixedJson = json;
                foreach (var f in fixes)
                    warnings.Add(new OcfIssue(OcfSeverity.Warning, item.File, item.Id, item.Path + f, "is a number where OCF wants a string; read as a string (--lenient)"));
                violations = OcfSchemas.ValidateObject(json);
            }
        }

        var issues = new List<OcfIssue>(warnings);
        foreach (var v in violations)
            issues.Add(new OcfIssue(OcfSeverity.Error, item.File, item.Id, item.Path + v.Pointer, $"fails schema rule '{v.Keyword}': {v.Message}"));
        return new Validated(issues, fixedJson);
    }

    /// <summary>Turns each JSON number at a 'type' violation into the string of its exact digits.</summary>
    private static bool FixNumbers(JsonObject root, IReadOnlyList<SchemaViolation> violations, out List<string> fixes)
    {
        fixes = [];
        foreach (var v in violations.Where(v => v.Keyword == "type").Select(v => v.Pointer).Distinct())
        {
            JsonNode? parent = null;
            JsonNode? current = root;
            string last = "";
            foreach (var raw in v.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var token = raw.Replace("~1", "/").Replace("~0", "~");
                parent = current;
                last = token;
                current = current switch
                {
                    JsonObject o => o[token],
                    JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                    _ => null,
                };
                if (current is null) break;
            }

            if (current is JsonValue value && value.GetValueKind() == JsonValueKind.Number && parent is not null)
            {
                var text = value.ToJsonString();
                if (parent is JsonObject po) po[last] = text;
                else if (parent is JsonArray pa) pa[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = text;
                fixes.Add(v);
            }
        }

        return fixes.Count > 0;
    }
}
