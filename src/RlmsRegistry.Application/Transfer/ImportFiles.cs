using System.IO.Compression;

namespace RlmsRegistry.Application.Transfer;

/// <summary>Reads the files of an import from a zip or a folder (only the file names of <see cref="TransferSchema"/> are kept).</summary>
public static class ImportFiles
{
    /// <summary>The known files of a zip (found at any folder depth), by file name.</summary>
    public static Dictionary<string, byte[]> FromZip(Stream zip)
    {
        var known = Known();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries)
            {
                if (known.Contains(entry.Name))
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    files[entry.Name] = buffer.ToArray();
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException("The file is not a zip archive: " + e.Message, e);
        }

        return files;
    }

    /// <summary>The known files of a folder, by file name.</summary>
    public static Dictionary<string, byte[]> FromFolder(string folder)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in Known())
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                files[name] = File.ReadAllBytes(path);
            }
        }

        return files;
    }

    private static HashSet<string> Known() => TransferSchema.DataFiles.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
}
