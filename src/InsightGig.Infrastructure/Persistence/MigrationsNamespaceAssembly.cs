using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace InsightGig.Infrastructure.Persistence;

#pragma warning disable EF1001 // EF's own migrations finder, told where to look; what it finds and how it orders them are EF's.
/// <summary>
/// EF's <see cref="MigrationsAssembly"/>, looking for the migrations and the model snapshot only among the types of the
/// migrations' namespace (<see cref="Namespace"/>, one folder per provider). EF's own search loads every type of this
/// assembly, and with those types every provider's library whether the deployment uses it or not (the Graph SDK alone is
/// 7 MiB resident); the start of every production instance asks it for pending migrations (docs/performance.md, "Memory:
/// what the process holds"). The names are read from the assembly's metadata, without loading the types; an assembly
/// with no file behind it is searched as EF searches it.
/// </summary>
internal sealed class MigrationsNamespaceAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger) : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    public const string Namespace = "InsightGig.Infrastructure.Persistence.Migrations";

    private readonly Type _contextType = currentContext.Context.GetType();
    private Lazy<IReadOnlyList<TypeInfo>?>? _namespaceTypes;
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private Lazy<ModelSnapshot?>? _modelSnapshot;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public override ModelSnapshot? ModelSnapshot => (_modelSnapshot ??= new Lazy<ModelSnapshot?>(FindModelSnapshot)).Value;

    /// <summary>Read once for both searches.</summary>
    private IReadOnlyList<TypeInfo>? Types => (_namespaceTypes ??= new Lazy<IReadOnlyList<TypeInfo>?>(() => NamespaceTypes(Assembly))).Value;

    private IReadOnlyDictionary<string, TypeInfo> FindMigrations()
    {
        if (Types is not { } types)
        {
            return base.Migrations;
        }

        var found = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in types.Where(t => t.IsSubclassOf(typeof(Migration)) && IsForThisContext(t)))
        {
            // As EF: a migration without its id attribute is not one (EF logs a warning for it; the tests keep ours complete).
            if (type.GetCustomAttribute<MigrationAttribute>()?.Id is { } id)
            {
                found.Add(id, type);
            }
        }

        return found;
    }

    private ModelSnapshot? FindModelSnapshot()
    {
        if (Types is not { } types)
        {
            return base.ModelSnapshot;
        }

        var snapshot = types.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && IsForThisContext(t));
        return snapshot is null ? null : (ModelSnapshot)Activator.CreateInstance(snapshot.AsType())!;
    }

    private bool IsForThisContext(TypeInfo type) => type.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType;

    /// <summary>The constructible top-level types of <see cref="Namespace"/> and below; null where the assembly has no file.</summary>
    private static List<TypeInfo>? NamespaceTypes(Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return null;
        }

        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        var types = new List<TypeInfo>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var definition = metadata.GetTypeDefinition(handle);
            var space = metadata.GetString(definition.Namespace);
            if (!definition.GetDeclaringType().IsNil || !(space == Namespace || space.StartsWith(Namespace + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            var type = assembly.GetType($"{space}.{metadata.GetString(definition.Name)}", throwOnError: true)!.GetTypeInfo();
            if (type is { IsAbstract: false, IsGenericTypeDefinition: false })
            {
                types.Add(type);
            }
        }

        return types;
    }
}
#pragma warning restore EF1001
