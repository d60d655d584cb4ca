import { Module } from '@nestjs/common';
import { FacilitiesController } from './facilities.controller';
import { FacilitiesRepository } from './facilities.repository';
import { GeographyController } from './geography.controller';
import { GeographyRepository } from './geography.repository';
import { TariffBookStore } from './tariff-book.store';
import { TariffBooksController } from './tariff-books.controller';
import { TariffBooksRepository } from './tariff-books.repository';
import { TariffBooksService } from './tariff-books.service';

/** Regions, districts, facilities, licences and tariff books. */
@Module({
  controllers: [GeographyController, FacilitiesController, TariffBooksController],
  providers: [GeographyRepository, FacilitiesRepository, TariffBooksRepository, TariffBooksService, TariffBookStore],
  exports: [FacilitiesRepository, TariffBookStore],
})
export class ReferenceModule {}
