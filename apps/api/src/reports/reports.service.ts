import { Inject, Injectable } from '@nestjs/common';
import {
  POLICE_DISTRICTS,
  businessDate,
  endOfBusinessDay,
  startOfBusinessDay,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import { CLOCK, DOMAIN, DeadlineReportStore, type Clock, type Domain } from '@cardtrail/infra';
import { assertDistrictAccess } from '../auth/district-access';
import type { AuthUser } from '../auth/jwt';
import { deadlineReport } from './deadline-report';
import type { DeadlineReport, DeadlineReportQuery } from './reports.schemas';

/**
 * The deadline (compliance) report per police district, over any period, with the same figures
 * per month. Deliveries are the cards whose current issue was delivered (or collected) on an Oslo
 * date in [from, to], read grouped from the store (index only); the working-day median is counted
 * with the configured calendar. A card later reported lost and replaced no longer counts its
 * earlier delivery (the report reads the current state, not the history).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly store: DeadlineReportStore,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async deadlines(query: DeadlineReportQuery, user: AuthUser): Promise<DeadlineReport> {
    let districts: readonly PoliceDistrict[];
    if (user.role === 'admin') {
      districts = query.policeDistrict ? [query.policeDistrict] : POLICE_DISTRICTS;
    } else {
      assertDistrictAccess(user, query.policeDistrict ?? user.district ?? '');
      districts = [query.policeDistrict ?? (user.district as PoliceDistrict)];
    }
    const { zone, calendar } = this.domain;
    const [deliveries, openOverdue] = await Promise.all([
      this.store.deliveries(districts, startOfBusinessDay(query.from, zone), endOfBusinessDay(query.to, zone), zone),
      this.store.openOverdue(districts, businessDate(this.clock.now(), zone)),
    ]);
    return deadlineReport({ from: query.from, to: query.to, districts, deliveries, openOverdue, calendar });
  }
}
