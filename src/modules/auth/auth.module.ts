import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenAuthService } from './token-auth.service';
import { UsersService } from './users.service';

/** Bearer-token authentication for every route (global guard) and the user/token service. */
@Module({
  providers: [TokenAuthService, UsersService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenAuthService, UsersService],
})
export class AuthModule {}
