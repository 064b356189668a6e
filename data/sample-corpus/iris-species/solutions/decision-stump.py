"""Iris species: a single-split decision tree, as a weak baseline."""
from sklearn.datasets import load_iris
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.tree import DecisionTreeClassifier

X, y = load_iris(return_X_y=True, as_frame=True)
model = DecisionTreeClassifier(max_depth=1, random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="accuracy")
print(f"VALIDATION_SCORE: {scores.mean():.4f}")
model.fit(X, y)
