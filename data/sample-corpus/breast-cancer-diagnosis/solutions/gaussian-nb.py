"""Breast cancer diagnosis: Gaussian naive Bayes on the ten 'mean' features only."""
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.naive_bayes import GaussianNB

X, y = load_breast_cancer(return_X_y=True, as_frame=True)
X = X[[column for column in X.columns if column.startswith("mean ")]]
model = GaussianNB()
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
print(f"VALIDATION_SCORE: {scores.mean():.4f}")
model.fit(X, y)
