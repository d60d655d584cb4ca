import { Module } from '@nestjs/common';
import { EnrolmentController } from './enrolment.controller';
import { EnrolmentRepository } from './enrolment.repository';

/** Registries read by the API: the enrolment register (capitation). */
@Module({ controllers: [EnrolmentController], providers: [EnrolmentRepository] })
export class RegistryModule {}
