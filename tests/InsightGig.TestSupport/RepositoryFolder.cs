namespace InsightGig.TestSupport;

/// <summary>The repository's files, for tests that read them (configuration, the Dockerfile).</summary>
public static class RepositoryFolder
{
    /// <summary>The folder of InsightGig.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "InsightGig.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("InsightGig.sln not found above " + AppContext.BaseDirectory);
    }
}
