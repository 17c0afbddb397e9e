export { applicantView, type ApplicantView, type ApplicantViewInput } from './applicant-view';
export { pickLanguage } from './language';
export { expectedCardDate, type ExpectedCardDate, type ExpectedCardDateInput } from './expected-card-date';
