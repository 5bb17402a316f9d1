package io.tandem.proxy.routing;

/** What the statements of one text do to the session, gathered while classifying; becomes a {@link Classification}. */
final class StatementFacts {

    private boolean startsTransaction;
    private boolean endsTransaction;
    private boolean readOnlyTransaction;
    private Boolean setsAutocommit;
    private boolean temporaryTables;

    void startTransaction(boolean readOnly) {
        startsTransaction = true;
        readOnlyTransaction = readOnly;
    }

    void endTransaction() {
        endsTransaction = true;
    }

    void setAutocommit(boolean on) {
        setsAutocommit = on;
    }

    void changeTemporaryTables() {
        temporaryTables = true;
    }

    Classification classification(Reason reason, RouteHint hint, int statementCount) {
        return new Classification(reason.route(), reason, hint, startsTransaction, endsTransaction,
                readOnlyTransaction, setsAutocommit, temporaryTables, statementCount);
    }
}
