/** The public complaint page: the form, its parsing, the thank-you page with the reference number, and "too many". */
export { COMPLAINT_CATEGORIES, type ComplaintCategory } from './categories';
export { complaintFromForm, type ComplaintSubmission, type FormChoices, type ParsedComplaintForm } from './form';
export { renderComplaintPage, renderComplaintReceived, renderTooManyComplaints, type ComplaintPageModel } from './complaintPage';
