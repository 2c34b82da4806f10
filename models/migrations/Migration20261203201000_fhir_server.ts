import { Migration } from '@mikro-orm/migrations';

/**
 * The FHIR server's own state: one `fhir_encounter` per visit (hospital + visit number) holding the
 * visit's stable FHIR id, the identifier system clients name it by and what they last stated; on
 * `patient`, the identifier system of the MRN and the structured parts of each name as FHIR
 * clients gave them, so a Patient reads back as it was sent.
 */
export class Migration20261203201000_fhir_server extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "fhir_encounter" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "visit_number" varchar(64) not null, "identifier_system" varchar(500) null, "patient_id" uuid null, "status" varchar(24) not null, "period_start" timestamptz null, "period_end" timestamptz null, "stated" jsonb not null, constraint "fhir_encounter_pkey" primary key ("id"));`);
    this.addSql(`alter table "fhir_encounter" add constraint "fhir_encounter_hospital_id_visit_number_unique" unique ("hospital_id", "visit_number");`);
    this.addSql(`create index "fhir_encounter_patient_id_index" on "fhir_encounter" ("patient_id");`);
    this.addSql(`alter table "fhir_encounter" add constraint "fhir_encounter_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "fhir_encounter" add constraint "fhir_encounter_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "patient" add column "mrn_system" varchar(500) null, add column "name_parts" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "fhir_encounter" cascade;`);
    this.addSql(`alter table "patient" drop column if exists "mrn_system", drop column if exists "name_parts";`);
  }
}
