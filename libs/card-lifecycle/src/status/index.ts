export { applicantView, type ApplicantView, type ApplicantViewInput } from './applicant-view';
export { pickLanguage } from './language';
export {
  checkDeparture,
  expectedCardDate,
  type DepartureCheck,
  type ExpectedCardDate,
  type ExpectedCardDateInput,
} from './expected-card-date';
