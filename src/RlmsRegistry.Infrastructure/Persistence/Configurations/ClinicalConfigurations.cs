using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Infrastructure.Persistence.Configurations;

/// <summary>
/// The case report forms: one table per form (no inheritance mapping for <see cref="ClinicalForm"/>), enums stored as
/// their names so the database reads on its own, entered decimals with explicit precision, ids assigned by the domain.
/// </summary>
internal static class ClinicalFormMapping
{
    public static void MapForm<T>(EntityTypeBuilder<T> builder, string table)
        where T : ClinicalForm
    {
        builder.ToTable(table);
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.LastEditReason).HasMaxLength(ClinicalForm.EditReasonMaxLength);
        builder.Property(f => f.VerifiedBy).HasMaxLength(256);
        builder.Property(f => f.VerificationLostReason).HasMaxLength(ClinicalForm.EditReasonMaxLength + 200);
        builder.Ignore(f => f.Kind);
    }
}

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> builder)
    {
        ClinicalFormMapping.MapForm(builder, "Operations");
        builder.HasOne<Patient>().WithMany(p => p.Operations).HasForeignKey(o => o.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.PatientId, o.Date });
        builder.Property(o => o.Setting).HasConversion<string>().HasMaxLength(12);
        builder.Property(o => o.Resection).HasConversion<string>().HasMaxLength(4);
        builder.Property(o => o.VascularResection).HasConversion<int?>();
        builder.Property(o => o.TumourOrigin).HasConversion<string>().HasMaxLength(30);
        builder.Property(o => o.ClavienDindo).HasConversion<string>().HasMaxLength(6);
        builder.Property(o => o.MaxDiameterCm).HasPrecision(6, 2);
        builder.HasOne(o => o.Pathology).WithOne().HasForeignKey<Pathology>(p => p.OperationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(o => o.LabPanel).WithOne().HasForeignKey<LabPanel>(l => l.OperationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Pathology).AutoInclude(false);
        builder.Navigation(o => o.LabPanel).AutoInclude(false);
    }
}

internal sealed class PathologyConfiguration : IEntityTypeConfiguration<Pathology>
{
    public void Configure(EntityTypeBuilder<Pathology> builder)
    {
        ClinicalFormMapping.MapForm(builder, "PathologyReports");
        builder.HasIndex(p => p.OperationId).IsUnique();
        builder.Property(p => p.Histotype).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Necrosis).HasConversion<string>().HasMaxLength(12);
        builder.Property(p => p.ReportedGrade).HasConversion<string>().HasMaxLength(2);
        builder.Property(p => p.MarginStatus).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Ki67Percent).HasPrecision(5, 2);
    }
}

internal sealed class LabPanelConfiguration : IEntityTypeConfiguration<LabPanel>
{
    public void Configure(EntityTypeBuilder<LabPanel> builder)
    {
        ClinicalFormMapping.MapForm(builder, "LabPanels");
        builder.HasIndex(l => l.OperationId).IsUnique();
        builder.Property(l => l.PlateletsE9PerL).HasPrecision(9, 3);
        builder.Property(l => l.NeutrophilsE9PerL).HasPrecision(9, 3);
        builder.Property(l => l.LymphocytesE9PerL).HasPrecision(9, 3);
        builder.Property(l => l.HaemoglobinGPerL).HasPrecision(7, 2);
        builder.Property(l => l.AlbuminGPerL).HasPrecision(7, 2);
    }
}

internal sealed class FollowUpEventConfiguration : IEntityTypeConfiguration<FollowUpEvent>
{
    public void Configure(EntityTypeBuilder<FollowUpEvent> builder)
    {
        ClinicalFormMapping.MapForm(builder, "FollowUpEvents");
        builder.HasOne<Patient>().WithMany(p => p.FollowUpEvents).HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.PatientId, e.Date });
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.DiseaseStatus).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Site).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.CauseOfDeath).HasConversion<string>().HasMaxLength(12);
    }
}
