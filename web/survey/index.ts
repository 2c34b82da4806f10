/** Server-rendered pages patients open from a survey link, and the parsing of what they post. */
export { answersFromForm, type FormBody, type ParsedForm } from './form';
export { escapeHtml, page, type PageOptions } from './layout';
export { renderGone, renderNotFound, renderOptedOut, renderOptOutConfirm, renderThankYou, type OptOutConfirmOptions } from './statusPages';
export { STRINGS, type Language, type SurveyStrings } from './strings';
export { renderSurveyPage, type FieldError, type PageQuestion, type SurveyPageModel } from './surveyPage';
