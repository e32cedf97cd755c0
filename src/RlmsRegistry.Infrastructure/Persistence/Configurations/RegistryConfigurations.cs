using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RlmsRegistry.Domain.Centres;
using RlmsRegistry.Domain.Monitoring;
using RlmsRegistry.Domain.Patients;
using RlmsRegistry.Application.Audit;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Infrastructure.Persistence.Configurations;

internal sealed class CentreConfiguration : IEntityTypeConfiguration<Centre>
{
    public void Configure(EntityTypeBuilder<Centre> builder)
    {
        builder.ToTable("Centres");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(10).IsRequired();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(Centre.NameMaxLength).IsRequired();
    }
}

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("Patients");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.StudyId).HasMaxLength(16).IsRequired();
        builder.HasIndex(p => p.StudyId).IsUnique();
        builder.HasIndex(p => p.CentreId);
        builder.HasOne<Centre>().WithMany().HasForeignKey(p => p.CentreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.ConsentStatus).HasConversion<string>().HasMaxLength(12);
        builder.Property(p => p.HospitalNumberHash).HasMaxLength(64);
        builder.HasIndex(p => new { p.CentreId, p.HospitalNumberHash });
        builder.Navigation(p => p.Operations).HasField("_operations").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(p => p.FollowUpEvents).HasField("_followUpEvents").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class UserCentreConfiguration : IEntityTypeConfiguration<UserCentre>
{
    public void Configure(EntityTypeBuilder<UserCentre> builder)
    {
        builder.ToTable("UserCentres");
        builder.HasKey(u => new { u.UserId, u.CentreId });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Centre>().WithMany().HasForeignKey(u => u.CentreId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.UserName).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Entity).HasMaxLength(100).IsRequired();
        builder.Property(a => a.EntityKey).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(10).IsRequired();
        builder.Property(a => a.Changes).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.HasIndex(a => new { a.Entity, a.EntityKey });
        builder.HasIndex(a => new { a.CentreId, a.At });
        builder.HasIndex(a => new { a.Entity, a.Id }); // the newest change of registry data (the overview's "changed since")
        builder.HasIndex(a => new { a.PatientId, a.Id }); // one case's history, newest first
    }
}

internal sealed class DataQueryConfiguration : IEntityTypeConfiguration<DataQuery>
{
    public void Configure(EntityTypeBuilder<DataQuery> builder)
    {
        builder.ToTable("DataQueries");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.HasOne<Centre>().WithMany().HasForeignKey(q => q.CentreId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(q => q.PatientId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(q => q.FormKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(q => q.Field).HasMaxLength(DataQuery.FieldMaxLength);
        builder.Property(q => q.Text).HasMaxLength(DataQuery.TextMaxLength).IsRequired();
        builder.Property(q => q.Answer).HasMaxLength(DataQuery.TextMaxLength);
        builder.Property(q => q.MonitorNote).HasMaxLength(DataQuery.TextMaxLength);
        builder.Property(q => q.OpenedBy).HasMaxLength(256).IsRequired();
        builder.Property(q => q.AnsweredBy).HasMaxLength(256);
        builder.Property(q => q.ClosedBy).HasMaxLength(256);
        builder.HasIndex(q => new { q.CentreId, q.Status });
        builder.HasIndex(q => q.PatientId);
        builder.HasIndex(q => q.FormId);
    }
}
